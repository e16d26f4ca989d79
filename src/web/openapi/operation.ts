import type { RequestHandler, Router } from 'express';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/** One route as the router serves it and the OpenAPI document describes it. */
export interface Operation extends ZodOpenApiOperationObject {
  method: 'get' | 'post';
  /** In OpenAPI's form, `/results/{key}`; the router's `/results/:key` is made from it. */
  path: string;
  operationId: string;
  summary: string;
}

/**
 * The operations the app serves, recorded as they are mounted: a route mounted through `serve` is in
 * the document by construction, so the two cannot drift (test/integration/openapi.test.ts checks
 * that nothing is mounted around it).
 */
export class ServedOperations {
  readonly list: Operation[] = [];

  serve(router: Router, operation: Operation, ...handlers: RequestHandler[]): void {
    this.list.push(operation);
    router[operation.method](expressPath(operation.path), ...handlers);
  }
}

/** `/results/{key}/counts.{format}` as Express writes it: `/results/:key/counts.:format`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
