/**
 * Key revision (GAEN v1.5+, as in Google's exposure-notifications server): every successful
 * publish answers a `revisionToken` naming the keys it published, their report type and the
 * certificate. A later publish that sends the token back may revise those keys once — a clinical
 * diagnosis (`likely`) to a confirmed test, or to REVOKED after a negative test. Revised keys are
 * exported again, in the `revised_keys` of a later export file.
 *
 * The token is opaque to the phone: the JSON below, encrypted and authenticated with the server's
 * field cipher (AES-256-GCM, rotation-aware) under its own AAD, so it can be neither read nor forged.
 */
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { keyServerSettings } from './settings';

const AAD = 'exposure-keys:revision-token';

/** What a revision token says. */
export interface RevisionToken {
  /** Report type the keys were last published with (`confirmed` or `likely`). */
  reportType: 'confirmed' | 'likely';
  /** The keys (base64 of the 16 bytes). */
  keys: string[];
  /** The certificate of the first publish (its positive report, if any, is updated on revision). */
  certificateId: string;
  /** When the token was issued (Unix ms). */
  issuedAt: number;
}

/**
 * Makes a revision token.
 *
 * @param deps - the server (its field cipher).
 * @param token - what the token says.
 * @returns the opaque token.
 * @example
 * ```ts
 * const revisionToken = sealRevisionToken(deps, { reportType: 'likely', keys, certificateId, issuedAt: Date.now() });
 * ```
 */
export function sealRevisionToken(deps: ServerDeps, token: RevisionToken): string {
  return deps.cipher.encrypt(JSON.stringify({ v: 1, t: token.reportType, k: token.keys, c: token.certificateId, i: token.issuedAt }), AAD);
}

/**
 * Opens a revision token sent back by a phone.
 *
 * @param deps - the server (its field cipher and key retention).
 * @param text - the token.
 * @returns what it says.
 * @throws HttpProblem 400 `invalid-revision-token` when it was not made by this server, or is older than the key retention.
 */
export function openRevisionToken(deps: ServerDeps, text: string): RevisionToken {
  const invalid = (): HttpProblem =>
    new HttpProblem(400, 'invalid-revision-token', 'The revision token is not valid', {
      issues: [{ code: 'invalid-revision-token', path: ['revisionToken'], message: 'The revision token is not valid' }],
    });
  let value: { v?: unknown; t?: unknown; k?: unknown; c?: unknown; i?: unknown };
  try {
    if (text.length > 4096) throw new Error('long');
    value = JSON.parse(deps.cipher.decrypt(text, AAD)) as typeof value;
  } catch {
    throw invalid();
  }
  const { v, t, k, c, i } = value;
  if (
    v !== 1 ||
    (t !== 'confirmed' && t !== 'likely') ||
    !Array.isArray(k) ||
    !k.every((x) => typeof x === 'string') ||
    typeof c !== 'string' ||
    typeof i !== 'number'
  )
    throw invalid();
  if (deps.now().getTime() - i > keyServerSettings(deps.config).retentionDays * 86_400_000) throw invalid();
  return { reportType: t, keys: k as string[], certificateId: c, issuedAt: i };
}
