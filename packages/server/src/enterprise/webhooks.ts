/**
 * Webhooks per the Standard Webhooks spec (https://www.standardwebhooks.com): each delivery is
 * `POST`ed with `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
 * made by the `standardwebhooks` package with the subscription's `whsec_` secret, which is kept
 * encrypted at rest). Events are queued in `webhook_deliveries` in the raising request; one
 * immediate best-effort attempt runs in the background (never awaited by the request), and the
 * {@link webhookDeliveryJob} retries due deliveries with exponential backoff until
 * `maxAttempts`, after which the delivery is a dead letter. Every attempt has a timeout, so a
 * hanging receiver only ever holds a background task.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ServerConfig } from '../config';
import type { Queryable } from '../db/database';
import type { ServerDeps, WebhookEventType } from '../http/context';
import type { Job } from '../jobs/index';
import { newId } from './common';
import { type AddressResolver, postWebhook, systemResolver, WebhookUrlError, type WebhookUrlPolicy } from './webhook-url';

/** Delivery settings. */
export interface WebhookSettings {
  /** Timeout of one attempt in ms (default 10,000). */
  timeoutMs: number;
  /** Attempts before a delivery becomes a dead letter (default 8). */
  maxAttempts: number;
  /** Delay before the first retry in ms; doubled after each failure (default 30,000). */
  baseDelayMs: number;
  /** Longest delay between attempts in ms (default 6 h). */
  maxDelayMs: number;
  /** Deliveries attempted per job run (default 50). */
  batchSize: number;
  /**
   * Allow loopback receivers, over `http:` too (default `false`; development and tests only). Set by
   * `webhooks.allowLoopbackHttp` in the configuration or `HEALTHTRACE_WEBHOOKS_ALLOW_LOOPBACK=1`.
   */
  allowLoopbackHttp: boolean;
  /** DNS resolver used by the SSRF guard (default: the system's `dns.lookup`). */
  resolve: AddressResolver;
}

/** A server configuration that may carry webhook settings (`webhooks.allowLoopbackHttp`). */
export type ConfigWithWebhooks = ServerConfig & { webhooks?: { allowLoopbackHttp?: boolean } };

const DEFAULTS: WebhookSettings = {
  timeoutMs: 10_000,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3600_000,
  batchSize: 50,
  allowLoopbackHttp: false,
  resolve: systemResolver,
};
const settingsByDeps = new WeakMap<ServerDeps, WebhookSettings>();

function initialSettings(deps: ServerDeps): WebhookSettings {
  const fromConfig = (deps.config as ConfigWithWebhooks).webhooks?.allowLoopbackHttp;
  const fromEnv = process.env.HEALTHTRACE_WEBHOOKS_ALLOW_LOOPBACK === '1';
  return { ...DEFAULTS, allowLoopbackHttp: fromConfig ?? fromEnv };
}

/**
 * Overrides delivery settings for one server (tests use short timeouts and delays).
 *
 * @param deps - the server's dependencies.
 * @param settings - values to change.
 * @returns the settings now in force.
 * @example
 * ```ts
 * configureWebhooks(server.deps, { timeoutMs: 500, maxAttempts: 3 });
 * ```
 */
export function configureWebhooks(deps: ServerDeps, settings: Partial<WebhookSettings>): WebhookSettings {
  const next = { ...settingsOf(deps), ...settings };
  settingsByDeps.set(deps, next);
  return next;
}

function settingsOf(deps: ServerDeps): WebhookSettings {
  let settings = settingsByDeps.get(deps);
  if (!settings) {
    settings = initialSettings(deps);
    settingsByDeps.set(deps, settings);
  }
  return settings;
}

/**
 * The SSRF policy of a server's webhooks.
 *
 * @param deps - the server.
 * @returns whether loopback is allowed, and the resolver.
 */
export function webhookUrlPolicy(deps: ServerDeps): WebhookUrlPolicy {
  const { allowLoopbackHttp, resolve } = settingsOf(deps);
  return { allowLoopbackHttp, resolve };
}

/**
 * The delay before retry number `attempts` (1-based count of failures so far): base × 2^(n−1), capped.
 *
 * @param settings - the settings.
 * @param attempts - failures so far (≥ 1).
 * @returns milliseconds.
 */
export function retryDelayMs(settings: Pick<WebhookSettings, 'baseDelayMs' | 'maxDelayMs'>, attempts: number): number {
  return Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.min(30, attempts - 1));
}

/** A subscription as listed. */
export interface WebhookView {
  /** Id. */
  id: string;
  /** Receiver URL. */
  url: string;
  /** Subscribed events. */
  events: string[];
  /** Creation time (ISO). */
  createdAt: string;
}

interface WebhookRow {
  id: string;
  url: string;
  events: string[] | string;
  secret: string;
  created_at: Date | string;
  tenant_id: string;
}

const parseJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const webhookView = (r: WebhookRow): WebhookView => ({
  id: r.id,
  url: r.url,
  events: parseJson(r.events),
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Creates a subscription with a fresh `whsec_` secret (24 random bytes).
 *
 * @param deps - the server (the secret is encrypted with `deps.cipher`).
 * @param tenantId - the tenant.
 * @param url - the receiver.
 * @param events - event types.
 * @returns the subscription and its secret (shown once).
 */
export async function createWebhook(
  deps: ServerDeps,
  tenantId: string,
  url: string,
  events: readonly string[],
): Promise<WebhookView & { secret: string }> {
  const id = newId('wh');
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const rows = await deps.db.query<WebhookRow>(
    'INSERT INTO webhooks (id, tenant_id, url, events, secret, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING *',
    [id, tenantId, url, JSON.stringify(events), deps.cipher.encrypt(secret, `webhooks:${id}`), deps.now().toISOString()],
  );
  return { ...webhookView(rows.rows[0] as WebhookRow), secret };
}

/**
 * A tenant's subscriptions, without secrets.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @returns the subscriptions, oldest first.
 */
export async function listWebhooks(db: Queryable, tenantId: string): Promise<WebhookView[]> {
  const rows = await db.query<WebhookRow>('SELECT * FROM webhooks WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId]);
  return rows.rows.map(webhookView);
}

/**
 * Deletes a subscription and its pending deliveries (dead letters stay listed).
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @param id - the subscription.
 * @returns `false` when the tenant has no such subscription.
 */
export async function deleteWebhook(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const deleted = await db.query('DELETE FROM webhooks WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  if (deleted.rowCount === 0) return false;
  await db.query("DELETE FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'pending'", [id]);
  return true;
}

/** A delivery that failed every attempt. */
export interface DeadLetterView {
  /** Delivery id (the `webhook-id` header). */
  id: string;
  /** Subscription. */
  webhookId: string;
  /** Event type. */
  event: string;
  /** Attempts made. */
  attempts: number;
  /** The last failure. */
  lastError: string;
  /** When it was given up (ISO). */
  failedAt: string;
}

/**
 * A tenant's dead letters, newest first (at most 500).
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @returns the dead letters.
 */
export async function listDeadLetters(db: Queryable, tenantId: string): Promise<DeadLetterView[]> {
  const rows = await db.query<{
    id: string;
    webhook_id: string;
    event: string;
    attempts: number;
    last_error: string | null;
    finished_at: Date | string;
  }>(
    `SELECT id, webhook_id, event, attempts, last_error, finished_at FROM webhook_deliveries
     WHERE tenant_id = $1 AND status = 'dead' ORDER BY finished_at DESC, id DESC LIMIT 500`,
    [tenantId],
  );
  return rows.rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    event: r.event,
    attempts: r.attempts,
    lastError: r.last_error ?? 'unknown',
    failedAt: new Date(r.finished_at).toISOString(),
  }));
}

/**
 * Queues an event for every matching subscription (the `deps.emit` hook), then starts one
 * immediate delivery attempt in the background. Never throws and never waits for receivers.
 *
 * @param deps - the server.
 * @param tenantId - the tenant, or `null` for every subscribed tenant.
 * @param type - the event type.
 * @param data - the event data (ids only: no personal data).
 */
export async function emitEvent(
  deps: ServerDeps,
  tenantId: string | null,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<void> {
  try {
    const now = deps.now();
    const subs = await deps.db.query<{ id: string; tenant_id: string }>(
      `SELECT id, tenant_id FROM webhooks WHERE ($1::text IS NULL OR tenant_id = $1) AND events @> $2::jsonb`,
      [tenantId, JSON.stringify([type])],
    );
    if (subs.rows.length === 0) return;
    const ids: string[] = [];
    for (const sub of subs.rows) {
      const id = `msg_${randomBytes(16).toString('hex')}`;
      const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
      await deps.db.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event, payload, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [id, sub.id, sub.tenant_id, type, payload, now.toISOString()],
      );
      ids.push(id);
    }
    for (const id of ids) {
      const attempt = attemptDelivery(deps, id).catch((error: Error) =>
        deps.logger.warn({ delivery: id, err: { message: error.message } }, 'webhook attempt failed to run'),
      );
      deps.background.add(attempt);
      void attempt.finally(() => deps.background.delete(attempt));
    }
  } catch (error) {
    deps.logger.error({ event: type, err: { message: (error as Error).message } }, 'webhook event could not be queued');
  }
}

interface ClaimedRow {
  id: string;
  webhook_id: string;
  payload: string;
  attempts: number;
  created_at: Date | string;
}

/**
 * Makes one attempt at a due delivery. The row is claimed first (its `next_attempt_at` is pushed
 * past the timeout), so concurrent workers — several server processes, or the job and the
 * immediate attempt — never send it twice at once.
 *
 * @param deps - the server.
 * @param deliveryId - the delivery.
 * @returns the outcome, or `"skipped"` when not due or claimed elsewhere.
 */
export async function attemptDelivery(deps: ServerDeps, deliveryId: string): Promise<'delivered' | 'retry' | 'dead' | 'skipped'> {
  const settings = settingsOf(deps);
  const now = deps.now();
  const lease = new Date(now.getTime() + settings.timeoutMs + 30_000);
  const claimed = await deps.db.query<ClaimedRow>(
    `UPDATE webhook_deliveries SET next_attempt_at = $3
     WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2
     RETURNING id, webhook_id, payload, attempts, created_at`,
    [deliveryId, now.toISOString(), lease.toISOString()],
  );
  const row = claimed.rows[0];
  if (!row) return 'skipped';
  const hook = (await deps.db.query<WebhookRow>('SELECT * FROM webhooks WHERE id = $1', [row.webhook_id])).rows[0];
  let error: string | undefined;
  if (!hook) error = 'the subscription was deleted';
  else {
    try {
      const secret = deps.cipher.decrypt(hook.secret, `webhooks:${hook.id}`);
      const sentAt = deps.now();
      const signature = new Webhook(secret).sign(row.id, sentAt, row.payload);
      // Through the SSRF guard: the addresses are checked again now, in the connection's own lookup.
      const status = await postWebhook(
        hook.url,
        {
          'content-type': 'application/json',
          'user-agent': 'healthtrace-webhooks/1',
          'webhook-id': row.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        row.payload,
        webhookUrlPolicy(deps),
        settings.timeoutMs,
      );
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      const name = (e as Error).name;
      error =
        e instanceof WebhookUrlError
          ? `refused: ${e.code}: ${e.message}`
          : name === 'TimeoutError' || name === 'AbortError'
            ? `timeout after ${settings.timeoutMs} ms`
            : `network error: ${(e as Error).message}`;
    }
  }
  const attempts = row.attempts + 1;
  const at = deps.now();
  if (error === undefined) {
    await deps.db.query(
      "UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, finished_at = $3, last_error = NULL WHERE id = $1",
      [row.id, attempts, at.toISOString()],
    );
    return 'delivered';
  }
  if (attempts >= settings.maxAttempts || !hook) {
    await deps.db.query("UPDATE webhook_deliveries SET status = 'dead', attempts = $2, finished_at = $3, last_error = $4 WHERE id = $1", [
      row.id,
      attempts,
      at.toISOString(),
      error.slice(0, 500),
    ]);
    return 'dead';
  }
  await deps.db.query('UPDATE webhook_deliveries SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1', [
    row.id,
    attempts,
    new Date(at.getTime() + retryDelayMs(settings, attempts)).toISOString(),
    error.slice(0, 500),
  ]);
  return 'retry';
}

/**
 * Attempts every due delivery (a batch, concurrently).
 *
 * @param deps - the server.
 * @returns the outcomes of this run.
 */
export async function deliverDueWebhooks(deps: ServerDeps): Promise<Record<'delivered' | 'retry' | 'dead' | 'skipped', number>> {
  const settings = settingsOf(deps);
  const due = await deps.db.query<{ id: string }>(
    "SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
    [deps.now().toISOString(), settings.batchSize],
  );
  const counts = { delivered: 0, retry: 0, dead: 0, skipped: 0 };
  const outcomes = await Promise.all(due.rows.map((r) => attemptDelivery(deps, r.id)));
  for (const o of outcomes) counts[o] += 1;
  return counts;
}

/** Retries due webhook deliveries every 5 s; also drops delivered rows older than 7 days. */
export const webhookDeliveryJob: Job = {
  name: 'webhook-deliveries',
  everyMs: 5_000,
  async run(deps) {
    await deliverDueWebhooks(deps);
    await deps.db.query("DELETE FROM webhook_deliveries WHERE status = 'delivered' AND finished_at < $1", [
      new Date(deps.now().getTime() - 7 * 86_400_000).toISOString(),
    ]);
  },
};
