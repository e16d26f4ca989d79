import { Router } from 'express';
import * as z from 'zod';
import { describedHtml, presentDocument } from './docs-view.js';
import { errorResponses } from './error-responses.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.js';
import type { Operation, ServedOperations } from './operation.js';

const API_VERSION = '1.0.0';

const OPENAPI_JSON: Operation = {
  method: 'get',
  path: '/openapi.json',
  operationId: 'openApiDocument',
  summary: 'This document: the API in OpenAPI 3.1',
  tags: ['Reference'],
  responses: { 200: { description: 'The OpenAPI document.', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } }, ...errorResponses([]) },
};

const DOCS_PAGE: Operation = {
  method: 'get',
  path: '/docs',
  operationId: 'referencePage',
  summary: 'The API reference, as a page made from this document',
  tags: ['Reference'],
  responses: { 200: { description: 'The reference page.', content: { 'text/html': { schema: z.string() } } }, ...errorResponses([], { html: true }) },
};

/**
 * `/openapi.json` and `/docs`, made once, on the first request: by then every route is mounted, so
 * the document describes all of them (these two included).
 */
export function createDocsRoutes(served: ServedOperations): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  let page: ReturnType<typeof presentDocument> | undefined;
  const documentOf = () => (document ??= buildOpenApiDocument(served.list, API_VERSION));
  served.serve(router, OPENAPI_JSON, (_req, res) => {
    res.json(documentOf());
  });
  served.serve(router, DOCS_PAGE, (_req, res) => {
    res.render('docs', { api: (page ??= presentDocument(documentOf())), describedHtml });
  });
  return router;
}
