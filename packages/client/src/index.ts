/**
 * The typed client for a healthtrace server: every operation of the OpenAPI document
 * (`@healthtrace/client/openapi.yaml`) with generated types, retries with backoff, and an
 * offline queue that delivers declarations and check-ins exactly once.
 *
 * Runs in browsers, React Native and Node (fetch only). Node-only storage is in
 * `@healthtrace/client/node`; the exposure-key flows are in `@healthtrace/client/key-server`.
 *
 * @packageDocumentation
 */
export {
  type CheckInRequest,
  type ClientAuth,
  type ClientOptions,
  createClient,
  type DeclarationSubmission,
  type HealthtraceClient,
  type QueuedSubmission,
} from './client';
export type { components, operations, paths } from './generated/openapi';
export {
  type DeliveryOutcome,
  type FlushResult,
  indexedDbStorage,
  memoryStorage,
  OfflineQueue,
  type OfflineQueueOptions,
  parseState,
  type QueuedKind,
  type QueuedRequest,
  type QueueState,
  type QueueStorage,
  type RejectedRequest,
  type WebStorageLike,
  webStorage,
} from './offline-queue';
export { type Page, paginate } from './pagination';
export { isProblem, type Problem } from './problem';
export { isRetrySafe, type RetryOptions, retryAfterMs, retryingFetch } from './retry';
