import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ERROR_CODE_SCHEMA } from './error-responses.js';
import type { Operation } from './operation.js';

export type OpenApiDocument = ReturnType<typeof createDocument>;

const DESCRIPTION = [
  'Submit a page (or a batch of pages, or a site) with `POST /start`, then read its counts at `/results/{key}`.',
  'Every error answers `{error, code}`: `error` is for people and names the field at fault, `code` (see `ErrorCode`) is for scripts.',
  'Each operation lists, under each HTTP status it can answer with, the codes that status may carry.',
].join('\n\n');

/** The OpenAPI 3.1 document of the operations served, made from the schemas that validate their requests. */
export function buildOpenApiDocument(operations: readonly Operation[], version: string): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const { method, path, ...operation } of operations) paths[path] = { ...paths[path], [method]: operation };
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'wordcrawler', version, description: DESCRIPTION },
    paths,
    components: {
      schemas: { ErrorCode: ERROR_CODE_SCHEMA },
      securitySchemes: { adminBasic: { type: 'http', scheme: 'basic', description: 'The operator’s `ADMIN_USER` and `ADMIN_PASSWORD`.' } },
    },
  }, {
    // Dates are sent as JSON strings.
    override: ({ jsonSchema, zodSchema, io }) => {
      if (zodSchema._zod.def.type === 'date' && io === 'output') jsonSchema.format = 'date-time';
    },
  });
}
