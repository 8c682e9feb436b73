import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';
import { type DeliveryOutcome, OfflineQueue, type QueuedRequest, type QueueStorage } from './offline-queue';
import { type RetryOptions, retryingFetch } from './retry';

/** Credentials; each is sent only where the API expects it. */
export interface ClientAuth {
  /** Enterprise API key: `X-API-Key` on API routes, `Authorization: Bearer` on SCIM routes. */
  apiKey?: string;
  /** Health-authority bearer token. */
  healthAuthorityToken?: string;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Server base URL, e.g. `http://localhost:8787`. */
  baseUrl: string;
  /** Credentials, or a function returning them (called per request, e.g. to refresh a token). */
  auth?: ClientAuth | (() => ClientAuth | Promise<ClientAuth>);
  /** The fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Offline-queue storage (default in memory; see `webStorage`, `indexedDbStorage`, and `fileStorage` from `@healthtrace/client/node`). */
  storage?: QueueStorage;
  /** Retry policy; `{ retries: 0 }` disables retries. */
  retry?: RetryOptions;
  /** `Accept-Language` for localised validation messages (`vi` default on the server, or `en`). */
  language?: 'vi' | 'en';
}

/** A declaration submission body (`{ type, data }`). */
export type DeclarationSubmission = components['schemas']['DeclarationSubmission'];
/** A check-in request body. */
export type CheckInRequest = components['schemas']['CheckInRequest'];

/** The result of {@link HealthtraceClient.submitDeclaration} and {@link HealthtraceClient.checkIn}. */
export interface QueuedSubmission {
  /** The queue entry id (also the Idempotency-Key). */
  id: string;
  /** `true` when delivered during this call; `false` when it waits in the queue for the network. */
  delivered: boolean;
  /** Set when the server refused it for good (validation); the problem details are in `queue.rejected()`. */
  rejected: boolean;
}

/** The typed client. */
export interface HealthtraceClient {
  /** The typed OpenAPI client: `api.GET('/v1/venues/{venueId}', { params: { path: { venueId } } })` → `{ data, error, response }`. */
  api: Client<paths>;
  /** The offline queue of declarations and check-ins. */
  queue: OfflineQueue;
  /**
   * Queues a declaration durably, then tries to deliver the queue. Never loses it: when the
   * network is down it stays queued until a later flush (`queue.start()` flushes on reconnect).
   */
  submitDeclaration(submission: DeclarationSubmission): Promise<QueuedSubmission>;
  /** Like {@link HealthtraceClient.submitDeclaration}, for check-ins. */
  checkIn(request: CheckInRequest): Promise<QueuedSubmission>;
}

const QUEUE_PATHS = { declaration: '/v1/declarations', 'check-in': '/v1/check-ins' } as const;

/**
 * Creates a client for a healthtrace server.
 *
 * Results are `{ data, error, response }` and never throw on HTTP status; `error` is the
 * typed problem details. Idempotent requests and POSTs carrying an `Idempotency-Key` are
 * retried with exponential backoff and jitter, honouring `Retry-After`.
 *
 * @param options - base URL, credentials, fetch, queue storage, retry policy.
 * @returns the client.
 * @throws TypeError when `baseUrl` is not a string.
 * @example
 * ```ts
 * import { createClient } from '@healthtrace/client';
 *
 * const client = createClient({ baseUrl: 'http://localhost:8787' });
 * const receipt = await client.submitDeclaration({ type: 'daily', data: dailyCheck });
 * const { data: venue, error } = await client.api.GET('/v1/venues/{venueId}', { params: { path: { venueId } } });
 * ```
 */
export function createClient(options: ClientOptions): HealthtraceClient {
  if (typeof options?.baseUrl !== 'string') throw new TypeError('options.baseUrl must be a string');
  const fetchWithRetry = retryingFetch(options.fetch ?? globalThis.fetch.bind(globalThis), options.retry);
  const api = createFetchClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), fetch: fetchWithRetry });
  api.use(headersMiddleware(options));

  const send = async (item: QueuedRequest): Promise<DeliveryOutcome> => {
    const path = QUEUE_PATHS[item.kind];
    let response: Response;
    let error: unknown;
    try {
      const result = await api.POST(path, {
        body: item.body as never,
        params: { header: { 'Idempotency-Key': item.id } },
      });
      response = result.response;
      error = result.error;
    } catch (failure) {
      return { result: 'retry', reason: failure instanceof Error ? failure.name : 'network-error' };
    }
    if (response.ok) return { result: 'delivered' };
    if (response.status >= 500 || response.status === 408 || response.status === 425 || response.status === 429) {
      return { result: 'retry', reason: `http-${response.status}` };
    }
    return { result: 'rejected', status: response.status, problem: error };
  };
  const queue = new OfflineQueue({ ...(options.storage ? { storage: options.storage } : {}), send });

  const submit = async (kind: QueuedRequest['kind'], body: unknown): Promise<QueuedSubmission> => {
    const item = await queue.enqueue(kind, body);
    const flushed = await queue.flush();
    return { id: item.id, delivered: flushed.delivered.includes(item.id), rejected: flushed.rejected.includes(item.id) };
  };

  return {
    api,
    queue,
    submitDeclaration: (submission) => submit('declaration', submission),
    checkIn: (request) => submit('check-in', request),
  };
}

function headersMiddleware(options: ClientOptions): Middleware {
  return {
    async onRequest({ request, schemaPath }) {
      const auth = typeof options.auth === 'function' ? await options.auth() : options.auth;
      if (options.language && !request.headers.has('Accept-Language')) request.headers.set('Accept-Language', options.language);
      if (schemaPath.startsWith('/scim/')) {
        if (auth?.apiKey) request.headers.set('Authorization', `Bearer ${auth.apiKey}`);
      } else {
        if (auth?.apiKey) request.headers.set('X-API-Key', auth.apiKey);
        if (auth?.healthAuthorityToken) request.headers.set('Authorization', `Bearer ${auth.healthAuthorityToken}`);
      }
      return request;
    },
  };
}
