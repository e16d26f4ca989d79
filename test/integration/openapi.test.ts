import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, HTTP_STATUS_BY_CODE, type ErrorCode } from '../../src/core/errors.js';
import { getJson } from '../support/api-client.js';
import { startTestService, type TestService } from '../support/service.js';

// The OpenAPI document is made from the operations the app mounts (src/web/openapi/operation.ts);
// these tests check it from outside: against the routes Express actually serves, the error codes
// the service can answer with, and the structure OpenAPI 3.1 requires.

type Node = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

let service: TestService;
let document: Node;

beforeAll(async () => {
  // With ADMIN_PASSWORD, /metrics is served too.
  service = await startTestService({ ADMIN_PASSWORD: 'openapi-test-password' }, { worker: false });
  const answer = await getJson(`${service.baseUrl}/openapi.json`);
  expect(answer.status).toBe(200);
  document = answer.body;
});

afterAll(async () => {
  await service?.stop();
});

/** `GET /results/:key` for every route in Express's router stack, routers mounted at the root included. */
function servedRoutes(stack: Node[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${String(layer.route.path)}`);
    return Array.isArray(layer.handle?.stack) ? servedRoutes(layer.handle.stack) : [];
  });
}

function documentedRoutes(): string[] {
  return Object.entries(document.paths as Node).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
}

function operations(): Node[] {
  return Object.values(document.paths as Node).flatMap((item) => METHODS.filter((method) => item[method]).map((method) => item[method]));
}

/** The node a local `$ref` points at, or undefined. */
function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Node | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], document);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([name, value]) => (name === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
}

const resolve = (node: Node): Node => (typeof node?.$ref === 'string' ? resolve(resolvePointer(node.$ref) as Node) : node);

/** The codes an error answer's JSON body may carry, unions' branches included. */
function codesOf(schema: Node | undefined): ErrorCode[] {
  if (!schema) return [];
  const resolved = resolve(schema);
  const branches: Node[] = resolved.anyOf ?? resolved.oneOf ?? [];
  const code = resolved.properties?.code && resolve(resolved.properties.code);
  return [...(code?.enum ?? []), ...branches.flatMap(codesOf)];
}

describe('the OpenAPI document', () => {
  it('describes every route Express serves, with its methods, and nothing it does not serve', () => {
    const served = servedRoutes(service.app.router.stack as unknown as Node[]);
    expect(served.length).toBeGreaterThan(10);
    expect(documentedRoutes().sort()).toEqual([...new Set(served)].sort());
  });

  it('describes every error code the service can answer with, each under its HTTP status', () => {
    const described = new Set<ErrorCode>();
    for (const operation of operations()) {
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        const codes = codesOf(resolve(response).content?.['application/json']?.schema);
        codes.forEach((code) => described.add(code));
        // A failed result's 422 carries the code it was recorded with; every other answer's status is the code's own.
        const failedResult = status === '422' && resolve(resolve(response).content['application/json'].schema).properties?.status;
        if (!failedResult) for (const code of codes) expect(HTTP_STATUS_BY_CODE[code], `${operation.operationId} ${status} ${code}`).toBe(Number(status));
      }
    }
    expect(ERROR_CODES.filter((code) => !described.has(code))).toEqual([]);
    expect(resolve(document.components.schemas.ErrorCode).enum.sort()).toEqual([...ERROR_CODES].sort());
  });

  it('has the structure OpenAPI 3.1 requires: a version, unique operationIds, responses, resolvable $refs', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const ids = operations().map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations()) {
      expect(Object.keys(operation.responses ?? {}).length, operation.operationId).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        expect(status, operation.operationId).toMatch(/^[1-5]\d\d$|^default$/);
        expect(resolve(response).description, `${operation.operationId} ${status}`).toEqual(expect.any(String));
      }
      // Every path parameter is declared, and required, as OpenAPI wants.
    }
    for (const [path, item] of Object.entries(document.paths as Node)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const method of METHODS.filter((name) => item[name])) {
        const parameters = (item[method].parameters ?? []).map(resolve).filter((parameter: Node) => parameter.in === 'path');
        expect(parameters.map((parameter: Node) => parameter.name).sort(), `${method} ${path}`).toEqual(names.sort());
        expect(parameters.every((parameter: Node) => parameter.required === true)).toBe(true);
      }
    }
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolvePointer(ref), ref).toBeDefined();
  });

  it('names the fields of POST /start that the request schema validates', () => {
    const body = resolve(document.paths['/start'].post.requestBody.content['application/json'].schema);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['url', 'urls', 'fresh', 'content', 'language', 'crawl', 'max_pages', 'max_depth']));
    const crawl = resolve(body.properties.crawl);
    const options = (crawl.anyOf as Node[]).map(resolve).find((branch) => branch.type === 'object');
    expect(options?.properties.max_pages.anyOf).toContainEqual(expect.objectContaining({ type: 'integer', minimum: 1, maximum: service.config.CRAWL_MAX_PAGES }));
  });
});

describe('/docs', () => {
  it('shows each operation of the document, by its method, path and summary', async () => {
    const response = await fetch(`${service.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&#34;').replaceAll("'", '&#39;');
    for (const [path, item] of Object.entries(document.paths as Node)) {
      for (const method of METHODS.filter((name) => item[name])) {
        const operation = item[method];
        expect(page, operation.operationId).toContain(`id="${operation.operationId}"`);
        expect(page, operation.operationId).toContain(`<span class="api-method">${method.toUpperCase()}</span> ${escaped(path)}`);
        expect(page, operation.operationId).toContain(escaped(operation.summary).replace(/`([^`]+)`/g, '<code>$1</code>'));
      }
    }
    // The codes an answer may carry are on the page too, and nothing is loaded from elsewhere.
    expect(page).toContain('&#34;blocked_address&#34;');
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });
});
