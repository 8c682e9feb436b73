import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { parse } from 'yaml';

interface Operation {
  path: string;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const document = parse(readFileSync(createRequire(import.meta.url).resolve('@healthtrace/client/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
  components: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...(document as object), $id: 'openapi.json' });

const operations = new Map<string, Operation>();
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (method === 'parameters') continue;
    const o = op as { operationId: string; responses: Operation['responses'] };
    operations.set(o.operationId, { path, method, responses: o.responses });
  }
}
const validators = new Map<string, ValidateFunction>();

function resolveResponse(r: unknown): { content?: Record<string, { schema?: unknown }> } {
  const ref = (r as { $ref?: string }).$ref;
  if (ref) return document.components.responses[ref.split('/').pop() as string] ?? {};
  return r as { content?: Record<string, { schema?: unknown }> };
}

/**
 * Asserts that `response` is one the OpenAPI document allows for `operationId`: a documented
 * status, the documented content type, and a body valid against the documented schema.
 * Returns the parsed body (JSON) or text.
 */
export async function expectContract<T = unknown>(response: Response, operationId: string): Promise<T> {
  const op = operations.get(operationId);
  if (!op) throw new Error(`unknown operationId ${operationId}`);
  const status = String(response.status);
  const documented = op.responses[status];
  expect(
    documented,
    `${operationId}: status ${status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`,
  ).toBeDefined();
  const spec = resolveResponse(documented);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const text = await response.clone().text();
  if (!spec.content) {
    expect(text, `${operationId} ${status} must have no body`).toBe('');
    return undefined as T;
  }
  const media = spec.content[contentType];
  expect(
    media,
    `${operationId} ${status}: content type ${contentType} not documented (${Object.keys(spec.content).join(', ')})`,
  ).toBeDefined();
  const isJson = contentType.endsWith('json');
  const body = isJson ? JSON.parse(text) : text;
  if (isJson && media?.schema) {
    const key = `${operationId}:${status}:${contentType}`;
    let validate = validators.get(key);
    if (!validate) {
      // A response given by $ref (the shared problem responses) is validated through its component.
      const responseRef = (documented as { $ref?: string }).$ref;
      validate = responseRef
        ? ajv.compile({
            $ref: `openapi.json#/components/responses/${responseRef.split('/').pop() as string}/content/${pointer(contentType)}/schema`,
          })
        : ajv.compile({
            $ref: `openapi.json#/paths/${pointer(op.path)}/${op.method}/responses/${status}/content/${pointer(contentType)}/schema`,
          });
      validators.set(key, validate);
    }
    const ok = validate(body);
    expect(ok, `${operationId} ${status} body violates the contract: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`).toBe(true);
  }
  return body as T;
}

function pointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
