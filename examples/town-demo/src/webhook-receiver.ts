/**
 * A tiny webhook receiver on 127.0.0.1, as an enterprise would run: every delivery's Standard Webhooks signature
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`) is checked with the subscription's `whsec_` secret by the
 * `standardwebhooks` package before the event is accepted. The timestamp is checked against the town's clock (the
 * demo replays two weeks in a minute), with the spec's five-minute tolerance.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One verified event. */
export interface ReceivedEvent {
  /** The subscriber (the path the subscription points at). */
  subscriber: string;
  /** `webhook-id`. */
  id: string;
  /** Event type, e.g. `exposure.venue_warning`. */
  type: string;
  /** Event data. */
  data: Record<string, unknown>;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** Base URL; subscriptions point at `<url>/<subscriber>`. */
  url: string;
  /** Registers the secret of a subscriber. */
  addSecret(subscriber: string, secret: string): void;
  /** Verified events, in arrival order. */
  events: ReceivedEvent[];
  /** Deliveries refused (bad or missing signature, stale timestamp, unknown subscriber). */
  rejected: number;
  /** Stops listening. */
  close(): Promise<void>;
}

const TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies one delivery: the timestamp is within five minutes of `now`, and one of the `v1,` signatures equals
 * the HMAC the `standardwebhooks` package computes for (id, timestamp, body).
 */
function verify(secret: string, headers: Record<string, string | undefined>, body: string, now: Date): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(new Webhook(secret).sign(id, new Date(seconds * 1000), body).split(',')[1] ?? '', 'base64');
  return signatures.split(' ').some((s) => {
    const [version, value] = s.split(',');
    const got = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
  });
}

/**
 * Starts a receiver.
 *
 * @param now - the clock signatures are checked against.
 * @returns the receiver.
 */
export async function startWebhookReceiver(now: () => Date): Promise<WebhookReceiver> {
  const secrets = new Map<string, string>();
  const receiver: Omit<WebhookReceiver, 'url'> & { url: string } = {
    url: '',
    events: [],
    rejected: 0,
    addSecret: (subscriber, secret) => secrets.set(subscriber, secret),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const subscriber = (req.url ?? '/').slice(1);
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = secrets.get(subscriber);
      const headers = req.headers as Record<string, string | undefined>;
      if (req.method !== 'POST' || !secret || !verify(secret, headers, body, now())) {
        receiver.rejected++;
        res.writeHead(401).end();
        return;
      }
      const event = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      receiver.events.push({ subscriber, id: headers['webhook-id']!, type: event.type, data: event.data });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
