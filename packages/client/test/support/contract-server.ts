import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { json, type LoopbackHandler } from './loopback-server';

/**
 * Until the reference server lands, the client is tested against this loopback server whose
 * behaviour is the contract: request bodies are validated against the committed OpenAPI
 * document, POSTs are deduplicated by Idempotency-Key, responses are the documented shapes.
 */
export function contractHandler(options: { failNext?: () => boolean } = {}): LoopbackHandler & { stored: Map<string, unknown> } {
  const document = parse(readFileSync(fileURLToPath(new URL('../../openapi.yaml', import.meta.url)), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...(document as object), $id: 'openapi.json' });
  const validate = {
    declaration: ajv.getSchema('openapi.json#/components/schemas/DeclarationSubmission')!,
    checkIn: ajv.getSchema('openapi.json#/components/schemas/CheckInRequest')!,
  };
  const stored = new Map<string, unknown>();
  const receipts = new Map<string, string>();
  let counter = 0;
  const handler: LoopbackHandler = (req) => {
    if (options.failNext?.()) return 'drop';
    const route =
      req.method === 'POST' && req.url === '/v1/declarations'
        ? 'declaration'
        : req.method === 'POST' && req.url === '/v1/check-ins'
          ? 'checkIn'
          : undefined;
    if (!route) return json(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'not-found' });
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return json(400, { type: 'about:blank', title: 'Bad JSON', status: 400, code: 'bad-json' });
    }
    if (!validate[route](body)) {
      return json(422, { type: 'about:blank', title: 'Validation failed', status: 422, code: 'validation-failed', issues: [] });
    }
    const key = req.headers['idempotency-key'] as string | undefined;
    if (key && receipts.has(key)) return json(200, JSON.parse(receipts.get(key)!));
    const id = `r${++counter}`;
    stored.set(id, body);
    const receipt =
      route === 'declaration'
        ? { id, type: (body as { type: string }).type, receivedAt: new Date().toISOString() }
        : { id, venueId: 'v', checkedInAt: new Date().toISOString() };
    if (key) receipts.set(key, JSON.stringify(receipt));
    return json(201, receipt);
  };
  return Object.assign(handler, { stored });
}
