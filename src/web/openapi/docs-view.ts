import type { OpenApiDocument } from './openapi-document.js';

// The reference page's model: the OpenAPI document flattened into what a person reads, operation by
// operation, so that views/docs.ejs needs no logic of its own.

type Schema = Record<string, unknown>;

interface Field {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

interface Shape {
  type: string;
  fields: Field[];
}

const METHODS = ['get', 'post'] as const;

/** The operations grouped under their tags, in the order served, and the named schemas. */
export function presentDocument(document: OpenApiDocument) {
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (node: unknown): Schema => {
    const schema = (node ?? {}) as Schema;
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
    return resolve((document.components as Record<string, Record<string, unknown>>)[section!]?.[name!]);
  };
  const typeOf = (node: unknown): string => typeText(node as Schema, resolve);
  const shapesOf = (node: unknown): Shape[] => {
    const schema = resolve(node);
    const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (branches) return branches.flatMap(shapesOf);
    return [{ type: typeOf(node), fields: fieldsOf(schema, typeOf, resolve) }];
  };

  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, Schema | undefined>)[method];
      if (!operation) return [];
      const parameters = ((operation.parameters ?? []) as Schema[]).map(resolve).map((parameter) => ({
        name: String(parameter.name),
        in: String(parameter.in),
        required: parameter.required === true,
        type: typeOf(parameter.schema),
        description: String(parameter.description ?? resolve(parameter.schema).description ?? ''),
      }));
      const body = operation.requestBody as { content: Record<string, Schema> } | undefined;
      const responses = Object.entries(operation.responses as Record<string, Schema>).map(([status, response]) => {
        const content = (response.content ?? {}) as Record<string, Schema>;
        const json = content['application/json'];
        return {
          status,
          description: String(response.description ?? ''),
          mediaTypes: Object.keys(content),
          headers: Object.keys((response.headers ?? {}) as object),
          shapes: json ? shapesOf(json.schema) : [],
        };
      });
      return [{
        id: String(operation.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(operation.summary ?? ''),
        description: operation.description === undefined ? undefined : String(operation.description),
        tag: String((operation.tags as string[] | undefined)?.[0] ?? 'Other'),
        parameters,
        body: body && { mediaTypes: Object.keys(body.content), shapes: shapesOf(Object.values(body.content)[0]?.schema) },
        responses,
      }];
    }));
  const tags = [...new Set(operations.map((operation) => operation.tag))].map((tag) => ({ name: tag, operations: operations.filter((operation) => operation.tag === tag) }));
  const schemas = Object.entries(components).map(([name, schema]) => ({
    name, description: typeof schema.description === 'string' ? schema.description : undefined, type: typeText(schema, resolve), fields: fieldsOf(schema, (node) => typeText(node as Schema, resolve), resolve),
  }));
  return { title: document.info.title, description: document.info.description ?? '', tags, schemas };
}

function fieldsOf(schema: Schema, typeOf: (node: unknown) => string, resolve: (node: unknown) => Schema): Field[] {
  const properties = (resolve(schema).properties ?? {}) as Record<string, Schema>;
  const required = new Set((resolve(schema).required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const description = property.description ?? resolve(property).description;
    return { name, type: typeOf(property), required: required.has(name), ...(typeof description === 'string' ? { description } : {}) };
  });
}

/** A schema in a few words: `integer, 1 to 100`, `"page" | "main"`, `list of CrawlPage`. */
function typeText(schema: Schema | undefined, resolve: (node: unknown) => Schema): string {
  if (!schema) return 'any';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1)!;
  const words = baseText(schema, resolve);
  return schema.default === undefined ? words : `${words}, default ${JSON.stringify(schema.default)}`;
}

function baseText(schema: Schema, resolve: (node: unknown) => Schema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) return branches.map((branch) => typeText(branch, resolve)).join(' or ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [String(schema.type)] : [];
  const words = types.map((type) => {
    if (type === 'array') {
      return Array.isArray(schema.prefixItems)
        ? `[${(schema.prefixItems as Schema[]).map((item) => typeText(item, resolve)).join(', ')}]`
        : `list of ${typeText(schema.items as Schema, resolve)}${schema.maxItems === undefined ? '' : ` (at most ${String(schema.maxItems)})`}`;
    }
    // zod's z.int() bounds every integer by the safe range, which says nothing to a reader.
    const bound = (value: unknown) => (typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);
    const [minimum, maximum] = [bound(schema.minimum), bound(schema.maximum)];
    if ((type === 'integer' || type === 'number') && (minimum !== undefined || maximum !== undefined)) {
      return maximum === undefined ? `${type}, ${minimum} or more` : `${type}, ${minimum ?? '…'} to ${maximum}`;
    }
    if (type === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
    return type;
  });
  return words.length > 0 ? words.join(' or ') : 'any';
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** A description as HTML: escaped, with its `code spans` (the only markup the descriptions use) set as code. */
export function describedHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!).replace(/`([^`]+)`/g, '<code>$1</code>');
}
