import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Scalar } from '@scalar/hono-api-reference';
import type { RouteRegistration } from '../http/context';

let cached: string | undefined;
/** The OpenAPI document shipped by `@healthtrace/client`. */
export function openApiYaml(): string {
  cached ??= readFileSync(createRequire(import.meta.url).resolve('@healthtrace/client/openapi.yaml'), 'utf8');
  return cached;
}

/** `GET /openapi.yaml` (the contract) and `GET /docs` (the Scalar API reference page). */
export const registerApiDocsRoutes: RouteRegistration = (app) => {
  app.get('/openapi.yaml', (c) => c.body(openApiYaml(), 200, { 'content-type': 'application/yaml; charset=utf-8' }));
  app.get('/docs', Scalar({ url: '/openapi.yaml', pageTitle: 'healthtrace API' }));
};
