import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import type { Database } from '../db/database';
import type { BlobStore } from '../storage/blob-store';
import type { FieldCipher } from '../storage/field-encryption';

/** Who is calling. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'health-authority' }
  | { kind: 'api-key'; keyId: string; tenantId: string; scopes: readonly string[] };

/** Looks up an enterprise API key (hashed in the database); `undefined` when unknown or revoked. */
export type ApiKeyResolver = (secret: string) => Promise<Extract<Caller, { kind: 'api-key' }> | undefined>;

/** Events enterprises can subscribe to with webhooks. */
export type WebhookEventType =
  | 'health_check.requested'
  | 'health_check.submitted'
  | 'risk.assessed'
  | 'exposure.venue_warning'
  | 'employee.provisioned'
  | 'aggregate.updated';

/**
 * Raises an event for a tenant's webhook subscriptions (`tenantId` `null` = every tenant
 * subscribed to the event). Must never block or fail the request that raises it: the
 * enterprise area queues deliveries and sends them in the background.
 */
export type EventSink = (tenantId: string | null, type: WebhookEventType, data: Record<string, unknown>) => Promise<void>;

/** Everything a route needs; built once per server. */
export interface ServerDeps {
  /** Configuration. */
  config: ServerConfig;
  /** The database. */
  db: Database;
  /** Structured logger (personal data redacted). */
  logger: Logger;
  /** Blob storage for export files and posters. */
  blobs: BlobStore;
  /** Field encryption for personal data at rest. */
  cipher: FieldCipher;
  /** The clock (injectable for tests). */
  now: () => Date;
  /** Resolves API keys; set by the enterprise area. */
  resolveApiKey: ApiKeyResolver;
  /** Raises webhook events; set by the enterprise area (default: drops them). */
  emit: EventSink;
  /** Background tasks to await on shutdown (webhook deliveries, export builds). */
  background: Set<Promise<unknown>>;
}

/** Hono environment of the app. */
export interface AppEnv {
  Variables: {
    deps: ServerDeps;
    requestId: string;
    caller: Caller;
  };
}

/** The app type routes register on. */
export type App = Hono<AppEnv>;

/** A route module: adds its routes to the app. */
export type RouteRegistration = (app: App, deps: ServerDeps) => void;
