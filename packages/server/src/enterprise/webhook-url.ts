/**
 * The SSRF guard of webhooks. A receiver URL must be `https:` and every address its host
 * resolves to must be a public unicast address: never private (RFC 1918, unique-local),
 * loopback, link-local (which holds the cloud metadata service 169.254.169.254), CGNAT,
 * multicast, broadcast, unspecified, reserved, documentation, or an IPv6 form that embeds an
 * IPv4 address (mapped, NAT64, 6to4, Teredo). Address classes come from `ipaddr.js`.
 *
 * The check runs at registration (the URL and every resolved address) and again at each delivery
 * INSIDE the connection's DNS lookup (`lookup` of `node:http(s)`), so the address that is checked
 * is the address that is connected to: a DNS answer that changes after registration (DNS
 * rebinding) is refused. Redirects are never followed. With `allowLoopbackHttp` (development and
 * tests only) loopback receivers are allowed, over `http:` too.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { HealthtraceError } from '@healthtrace/core';
import ipaddr from 'ipaddr.js';

/** Why a webhook URL or address was refused. */
export type WebhookUrlErrorCode = 'webhook/invalid-url' | 'webhook/insecure-url' | 'webhook/blocked-address' | 'webhook/unresolvable-host';

/** A webhook URL that the SSRF guard refuses (at registration or delivery). */
export class WebhookUrlError extends HealthtraceError {
  /**
   * @param code - why.
   * @param message - human explanation (no secrets: URLs never carry credentials here).
   */
  constructor(code: WebhookUrlErrorCode, message: string) {
    super(code, message);
  }
}

/** Resolves a host name to every address (like `dns.lookup` with `all: true`). */
export type AddressResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** What the guard allows. */
export interface WebhookUrlPolicy {
  /** Allow loopback receivers (and `http:` to them). Development and tests only. */
  allowLoopbackHttp: boolean;
  /** DNS resolver (default `dns.lookup` with `all: true`). */
  resolve: AddressResolver;
}

/** The system resolver. */
export const systemResolver: AddressResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Whether an address may receive webhooks, and its class.
 *
 * @param address - an IPv4 or IPv6 address (no brackets).
 * @param allowLoopback - whether loopback is allowed (development and tests).
 * @returns `allowed`, and the `ipaddr.js` range name (`unicast`, `private`, `loopback`, `linkLocal`…; `invalid` when unparsable).
 * @example
 * ```ts
 * classifyAddress('169.254.169.254', false); // { allowed: false, range: 'linkLocal' }
 * ```
 */
export function classifyAddress(address: string, allowLoopback: boolean): { allowed: boolean; range: string } {
  let range: string;
  try {
    range = ipaddr.parse(address).range();
  } catch {
    return { allowed: false, range: 'invalid' };
  }
  return { allowed: range === 'unicast' || (range === 'loopback' && allowLoopback), range };
}

function checkAddress(address: string, url: URL, policy: WebhookUrlPolicy): void {
  const { allowed, range } = classifyAddress(address, policy.allowLoopbackHttp);
  if (!allowed)
    throw new WebhookUrlError(
      'webhook/blocked-address',
      `The webhook host ${url.hostname} resolves to a ${range} address; only public addresses may receive webhooks`,
    );
  // Plain http is for loopback receivers under the development switch only.
  if (range !== 'loopback' && url.protocol !== 'https:') throw new WebhookUrlError('webhook/insecure-url', 'Webhook URLs must use https');
}

/**
 * Parses a webhook URL: `https:` (or `http:` when loopback is allowed), no credentials, at most
 * 2,000 characters. The host is not resolved here.
 *
 * @param text - the URL.
 * @param policy - the policy.
 * @returns the parsed URL.
 * @throws WebhookUrlError `webhook/invalid-url` or `webhook/insecure-url`.
 */
export function parseWebhookUrl(text: unknown, policy: WebhookUrlPolicy): URL {
  if (typeof text !== 'string' || text.length > 2000)
    throw new WebhookUrlError('webhook/invalid-url', 'url must be a URL of at most 2,000 characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlError('webhook/invalid-url', 'url is not a valid URL');
  }
  if (url.username !== '' || url.password !== '') throw new WebhookUrlError('webhook/invalid-url', 'url must not carry credentials');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && policy.allowLoopbackHttp) return url;
  throw new WebhookUrlError('webhook/insecure-url', 'Webhook URLs must use https');
}

const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves a URL's host and checks every address (the registration-time check).
 *
 * @param url - a URL from {@link parseWebhookUrl}.
 * @param policy - the policy.
 * @returns the checked addresses.
 * @throws WebhookUrlError `webhook/blocked-address`, `webhook/insecure-url` or `webhook/unresolvable-host`.
 */
export async function checkWebhookHost(url: URL, policy: WebhookUrlPolicy): Promise<string[]> {
  const host = bareHost(url);
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await policy.resolve(host)).map((a) => a.address);
    } catch (error) {
      throw new WebhookUrlError(
        'webhook/unresolvable-host',
        `The webhook host ${host} does not resolve (${(error as { code?: string }).code ?? 'error'})`,
      );
    }
    if (addresses.length === 0) throw new WebhookUrlError('webhook/unresolvable-host', `The webhook host ${host} has no address`);
  }
  for (const address of addresses) checkAddress(address, url, policy);
  return addresses;
}

/**
 * Checks a webhook URL for registration: syntax, scheme, and every address its host resolves to.
 *
 * @param text - the URL.
 * @param policy - the policy.
 * @returns the URL, normalised.
 * @throws WebhookUrlError with a `webhook/…` code.
 * @example
 * ```ts
 * await checkWebhookUrl('https://hooks.example.com/healthtrace', { allowLoopbackHttp: false, resolve: systemResolver });
 * ```
 */
export async function checkWebhookUrl(text: unknown, policy: WebhookUrlPolicy): Promise<string> {
  const url = parseWebhookUrl(text, policy);
  await checkWebhookHost(url, policy);
  return url.href;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * POSTs a webhook body to a receiver through the SSRF guard: the connection's own DNS lookup
 * checks every address it would connect to; IP-literal hosts are checked before connecting.
 * Redirects are not followed.
 *
 * @param target - the receiver URL.
 * @param headers - request headers.
 * @param body - the JSON body.
 * @param policy - the policy.
 * @param timeoutMs - the whole attempt's timeout.
 * @returns the response status.
 * @throws WebhookUrlError when refused; network and timeout errors otherwise.
 */
export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  policy: WebhookUrlPolicy,
  timeoutMs: number,
): Promise<number> {
  const url = parseWebhookUrl(target, policy);
  const host = bareHost(url);
  if (isIP(host) !== 0) checkAddress(host, url, policy);
  const lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    policy
      .resolve(hostname)
      .then((found) => {
        if (found.length === 0) throw new WebhookUrlError('webhook/unresolvable-host', `The webhook host ${hostname} has no address`);
        for (const a of found) checkAddress(a.address, url, policy);
        if (options.all)
          callback(
            null,
            found.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, (found[0] as LookupAddress).address, (found[0] as LookupAddress).family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, ''));
  };
  return await new Promise<number>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: lookup as never,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
