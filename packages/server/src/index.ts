/**
 * The healthtrace reference server: Hono on Node, embedded PGlite by default, PostgreSQL at
 * scale. It implements the OpenAPI document of `@healthtrace/client`.
 *
 * @packageDocumentation
 */
export { type ConfigOverrides, type FieldKey, loadConfig, type PersonalQrConfig, type ServerConfig } from './config';
export type { Database, FieldSealing, Queryable, QueryOptions, QueryResult, SealedParameters } from './db/database';
export { type Migration, migrate } from './db/migrate';
export { openPglite } from './db/pglite';
export { openPgliteWorker } from './db/pglite-worker';
export { openPostgres } from './db/postgres';
export { createApp, SECURITY_HEADERS } from './http/app';
export type { ApiKeyResolver, App, AppEnv, Caller, EventSink, RouteRegistration, ServerDeps, WebhookEventType } from './http/context';
export { type IdempotentResult, requestHash, runIdempotent } from './http/idempotency';
export { HttpProblem, type ProblemExtras } from './http/problem';
export type { Job } from './jobs/index';
export { buildExportBatches, type ExportBuildResult, type ExportPeriod } from './key-server/exports';
export { type ConfigWithKeyServer, type KeyServerConfig, keyServerSettings } from './key-server/settings';
export { type ExportSigningPublicKey, exportSigningPublicKeys } from './key-server/signing-key';
export { createLogger, REDACT_PATHS } from './logging';
export { type CreateServerOptions, createHealthtraceServer, type HealthtraceServer, startServer } from './server';
export { type BlobStore, fileBlobStore } from './storage/blob-store';
export { createFieldCipher, type FieldCipher } from './storage/field-encryption';
export { SERVER_VERSION } from './version';
