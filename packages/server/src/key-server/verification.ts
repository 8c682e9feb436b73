import { createHash, createHmac, randomInt, randomUUID } from 'node:crypto';
import { currentWardOf } from '../aggregates/units';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { signEs256, verifyEs256 } from './jws';
import { keyServerSettings } from './settings';
import { keyServerKeys } from './signing-key';

/** Test types of a verification code (as Google's verification server names them). */
export type TestType = 'confirmed' | 'likely' | 'negative';

/** What a health authority asks a code for. */
export interface VerificationCodeInput {
  /** Result of the test. */
  testType: TestType;
  /** Symptom onset, `YYYY-MM-DD`. */
  symptomDate?: string | undefined;
  /** Test date, `YYYY-MM-DD`. */
  testDate?: string | undefined;
  /** The case's 2025 ward code (a pre-2025 commune code is mapped on input), for the positive-report aggregates. */
  wardCode?: string | undefined;
}

/** Claims of a verification certificate (what publish trusts). */
export interface CertificateClaims {
  /** Certificate id (single use). */
  jti: string;
  /** Expiry, Unix seconds. */
  exp: number;
  /** Test type of the code. */
  reportType: TestType;
  /** Symptom onset date, or `null`. */
  symptomDate: string | null;
  /** Test date, or `null`. */
  testDate: string | null;
  /** ENIntervalNumber of the symptom onset day (UTC midnight), when known. */
  symptomOnsetInterval?: number;
  /** base64 HMAC-SHA256 of the keys the certificate is bound to. */
  tekmac: string;
  /** The case's 2025 ward code, when the code was issued with one. */
  wardCode?: string;
}

const TOKEN_AUDIENCE = 'healthtrace:verification-token';
const CERTIFICATE_AUDIENCE = 'healthtrace:publish';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Dates on a code may be at most this many days old (Google's verification server default). */
const MAX_DATE_AGE_DAYS = 14;

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * The code hash: HMAC-SHA256 keyed with a secret derived from the verification signing key, so
 * that a leaked table cannot be brute-forced offline over the 10⁸ codes (an unkeyed hash could)
 * and every server process sharing the signing key computes the same hash.
 */
function codeHash(deps: ServerDeps, code: string): string {
  const keys = keyServerKeys(deps.config);
  const secret = createHash('sha256')
    .update('healthtrace verification-code pepper\0')
    .update(keys.verificationPrivateKey.export({ type: 'pkcs8', format: 'der' }))
    .digest();
  return createHmac('sha256', secret).update(code).digest('base64url');
}

function parseDate(value: string, name: string, now: Date): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new HttpProblem(422, 'validation-failed', `${name} is not a valid date`, {
      issues: [{ code: 'invalid-date', path: [name], message: `${name} must be a calendar date YYYY-MM-DD` }],
    });
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // One day of slack for time zones ahead of UTC (Viet Nam is UTC+7).
  if (d.getTime() > today + DAY_MS)
    throw new HttpProblem(422, 'validation-failed', `${name} is in the future`, {
      issues: [{ code: 'date-in-future', path: [name], message: `${name} must not be in the future` }],
    });
  if (d.getTime() < today - MAX_DATE_AGE_DAYS * DAY_MS)
    throw new HttpProblem(422, 'validation-failed', `${name} is too old`, {
      issues: [{ code: 'date-too-old', path: [name], message: `${name} must be within the last ${MAX_DATE_AGE_DAYS} days` }],
    });
  return d;
}

/**
 * Validates an `issueVerificationCode` body.
 *
 * @param body - the parsed JSON object.
 * @param now - the current time.
 * @returns the input.
 * @throws HttpProblem 400 (shape) or 422 (dates).
 */
export function parseVerificationCodeInput(body: Record<string, unknown>, now: Date): VerificationCodeInput {
  for (const k of Object.keys(body)) {
    if (!['testType', 'symptomDate', 'testDate', 'wardCode'].includes(k)) throw new HttpProblem(400, 'bad-request', `Unknown member ${k}`);
  }
  const { testType, symptomDate, testDate, wardCode } = body;
  if (testType !== 'confirmed' && testType !== 'likely' && testType !== 'negative')
    throw new HttpProblem(400, 'bad-request', 'testType must be confirmed, likely or negative');
  for (const [name, v] of [
    ['symptomDate', symptomDate],
    ['testDate', testDate],
  ] as const) {
    if (v !== undefined && typeof v !== 'string') throw new HttpProblem(400, 'bad-request', `${name} must be a string`);
    if (typeof v === 'string') parseDate(v, name, now);
  }
  if (typeof symptomDate === 'string' && typeof testDate === 'string' && symptomDate > testDate) {
    // Symptoms may start before the test, but a symptom date after the test date is a data-entry error.
    throw new HttpProblem(422, 'validation-failed', 'symptomDate is after testDate', {
      issues: [{ code: 'date-order', path: ['symptomDate'], message: 'symptomDate must not be after testDate' }],
    });
  }
  let ward: string | undefined;
  if (wardCode !== undefined) {
    if (typeof wardCode !== 'string' || !/^[0-9]{5}$/.test(wardCode))
      throw new HttpProblem(400, 'bad-request', 'wardCode must be 5 digits');
    // A 2025 ward code is kept; a pre-2025 commune code is stored as its (first) 2025 successor.
    ward = currentWardOf(wardCode)?.ward;
    if (ward === undefined)
      throw new HttpProblem(422, 'validation-failed', 'wardCode is not a known ward', {
        issues: [{ code: 'unknown-ward', path: ['wardCode'], message: 'wardCode must be a 2025 ward code or a pre-2025 commune code' }],
      });
  }
  return {
    testType,
    symptomDate: symptomDate as string | undefined,
    testDate: testDate as string | undefined,
    ...(ward !== undefined ? { wardCode: ward } : {}),
  };
}

/**
 * Issues a one-time 8-digit verification code. Only its keyed hash is stored.
 *
 * @param deps - the server's dependencies.
 * @param input - test type and dates.
 * @returns the code and its expiry.
 */
export async function issueVerificationCode(deps: ServerDeps, input: VerificationCodeInput): Promise<{ code: string; expiresAt: string }> {
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + keyServerSettings(deps.config).codeTtlMinutes * 60_000);
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const inserted = await deps.db.query(
      `INSERT INTO verification_codes (code_hash, test_type, symptom_date, test_date, issued_at, expires_at, ward_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code_hash) DO NOTHING RETURNING code_hash`,
      [
        codeHash(deps, code),
        input.testType,
        input.symptomDate ?? null,
        input.testDate ?? null,
        now.toISOString(),
        expiresAt.toISOString(),
        input.wardCode ?? null,
      ],
    );
    if (inserted.rows.length === 1) return { code, expiresAt: expiresAt.toISOString() };
  }
  throw new HttpProblem(503, 'code-space-exhausted', 'Could not allocate a unique verification code');
}

function windowOf(deps: ServerDeps): { start: Date; end: Date } {
  const ms = keyServerSettings(deps.config).verifyWindowMinutes * 60_000;
  const start = Math.floor(deps.now().getTime() / ms) * ms;
  return { start: new Date(start), end: new Date(start + ms) };
}

const ipBucket = (ip: string): string => `ip:${createHash('sha256').update(ip).digest('hex').slice(0, 32)}`;

/**
 * Brute-force guard of `verify`: failed attempts are counted in the database (so every server
 * process shares the counts) per client IP (hashed) and globally over the whole code space, in
 * fixed windows. When either budget is spent, every attempt is refused with 429 until the window ends.
 */
async function assertNotBlocked(deps: ServerDeps, ip: string): Promise<void> {
  const settings = keyServerSettings(deps.config);
  const { start, end } = windowOf(deps);
  const rows = await deps.db.query<{ bucket: string; failures: number }>(
    'SELECT bucket, failures FROM verification_failures WHERE window_start = $1 AND bucket IN ($2, $3)',
    [start.toISOString(), ipBucket(ip), 'global'],
  );
  const retryAfter = String(Math.max(1, Math.ceil((end.getTime() - deps.now().getTime()) / 1000)));
  for (const r of rows.rows) {
    const global = r.bucket === 'global';
    if (r.failures >= (global ? settings.verifyFailuresGlobal : settings.verifyFailuresPerIp)) {
      throw new HttpProblem(
        429,
        global ? 'verification-globally-throttled' : 'verification-attempts-exceeded',
        global ? 'Too many failed verification attempts on this server; retry later' : 'Too many failed verification attempts',
        { detail: `Retry after ${retryAfter} s` },
        { 'Retry-After': retryAfter },
      );
    }
  }
}

async function recordFailure(deps: ServerDeps, ip: string): Promise<void> {
  const { start } = windowOf(deps);
  for (const bucket of [ipBucket(ip), 'global']) {
    await deps.db.query(
      `INSERT INTO verification_failures (bucket, window_start, failures) VALUES ($1, $2, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET failures = verification_failures.failures + 1`,
      [bucket, start.toISOString()],
    );
  }
}

/**
 * Exchanges a code for a short-lived signed token (ES256 JWT). The code is burned atomically:
 * concurrent attempts with the same code get one token between them. Failures are counted
 * against the client IP and the global budget.
 *
 * @param deps - the server's dependencies.
 * @param code - the code the person typed.
 * @param ip - the client's address (only its hash is stored).
 * @returns the token and the code's test type and dates.
 * @throws HttpProblem 401 (unknown, used or expired code), 429 (blocked).
 */
export async function verifyVerificationCode(
  deps: ServerDeps,
  code: string,
  ip: string,
): Promise<{ token: string; testType: TestType; symptomDate: string | null; testDate: string | null }> {
  await assertNotBlocked(deps, ip);
  const now = deps.now();
  const hash = /^\d{8}$/.test(code) ? codeHash(deps, code) : undefined;
  const claimed =
    hash === undefined
      ? undefined
      : (
          await deps.db.query<{ test_type: TestType; symptom_date: string | null; test_date: string | null; ward_code: string | null }>(
            `UPDATE verification_codes SET claimed_at = $2
             WHERE code_hash = $1 AND claimed_at IS NULL AND expires_at > $2
             RETURNING test_type, to_char(symptom_date, 'YYYY-MM-DD') AS symptom_date, to_char(test_date, 'YYYY-MM-DD') AS test_date,
               ward_code`,
            [hash, now.toISOString()],
          )
        ).rows[0];
  if (!claimed) {
    await recordFailure(deps, ip);
    const known =
      hash === undefined
        ? undefined
        : (
            await deps.db.query<{ used: boolean }>('SELECT claimed_at IS NOT NULL AS used FROM verification_codes WHERE code_hash = $1', [
              hash,
            ])
          ).rows[0];
    if (known?.used) throw new HttpProblem(401, 'code-used', 'The verification code was already used');
    if (known) throw new HttpProblem(401, 'code-expired', 'The verification code has expired');
    throw new HttpProblem(401, 'code-invalid', 'Unknown verification code');
  }
  const settings = keyServerSettings(deps.config);
  const keys = keyServerKeys(deps.config);
  const token = signEs256(
    {
      iss: deps.config.healthAuthorityId,
      aud: TOKEN_AUDIENCE,
      jti: randomUUID(),
      iat: seconds(now),
      exp: seconds(now) + settings.tokenTtlMinutes * 60,
      testType: claimed.test_type,
      symptomDate: claimed.symptom_date,
      testDate: claimed.test_date,
      ...(claimed.ward_code ? { wardCode: claimed.ward_code } : {}),
    },
    keys.verificationPrivateKey,
    keys.verificationKeyId,
  );
  return { token, testType: claimed.test_type, symptomDate: claimed.symptom_date, testDate: claimed.test_date };
}

/** Marks a token or certificate id used; `false` when it was used before. */
async function burn(
  deps: ServerDeps,
  q: Pick<ServerDeps['db'], 'query'>,
  jti: string,
  kind: 'token' | 'certificate',
  exp: number,
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO verification_used_ids (jti, kind, used_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (jti) DO NOTHING RETURNING jti`,
    [`${kind}:${jti}`, kind, deps.now().toISOString(), new Date(exp * 1000).toISOString()],
  );
  return r.rows.length === 1;
}

function checkJwt(deps: ServerDeps, jwt: string, audience: string, what: 'token' | 'certificate'): Record<string, unknown> {
  const verified = verifyEs256(jwt, keyServerKeys(deps.config).verificationPublicKey);
  const claims = verified?.claims;
  if (!claims || claims.aud !== audience || typeof claims.jti !== 'string' || typeof claims.exp !== 'number')
    throw new HttpProblem(401, `${what}-invalid`, `The ${what} is not valid`);
  if (claims.exp <= seconds(deps.now())) throw new HttpProblem(401, `${what}-expired`, `The ${what} has expired`);
  return claims;
}

/**
 * ENIntervalNumber (10-minute intervals since the Unix epoch) of the UTC midnight of a date.
 *
 * @param date - `YYYY-MM-DD`.
 * @returns the interval number.
 * @example
 * ```ts
 * dateToInterval('2026-11-24'); // 2992464
 * ```
 */
export function dateToInterval(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 600_000);
}

/**
 * Exchanges a token for a certificate (ES256 JWT) bound to the HMAC of the keys the phone will
 * publish. The token is single use.
 *
 * @param deps - the server's dependencies.
 * @param token - the token from `verify`.
 * @param ekeyhmac - base64 HMAC-SHA256 of the keys (32 bytes).
 * @returns the certificate.
 * @throws HttpProblem 401 (bad, expired or used token), 400 (bad HMAC).
 */
export async function issueCertificate(deps: ServerDeps, token: string, ekeyhmac: string): Promise<{ certificate: string }> {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(ekeyhmac)) throw new HttpProblem(400, 'bad-request', 'ekeyhmac must be the base64 of 32 bytes');
  const claims = checkJwt(deps, token, TOKEN_AUDIENCE, 'token');
  if (!(await burn(deps, deps.db, claims.jti as string, 'token', claims.exp as number)))
    throw new HttpProblem(401, 'token-used', 'The token was already exchanged for a certificate');
  const now = deps.now();
  const keys = keyServerKeys(deps.config);
  const symptomDate = typeof claims.symptomDate === 'string' ? claims.symptomDate : null;
  const certificate = signEs256(
    {
      iss: deps.config.healthAuthorityId,
      aud: CERTIFICATE_AUDIENCE,
      jti: randomUUID(),
      iat: seconds(now),
      exp: seconds(now) + keyServerSettings(deps.config).certificateTtlMinutes * 60,
      reportType: claims.testType,
      symptomDate,
      testDate: typeof claims.testDate === 'string' ? claims.testDate : null,
      ...(symptomDate ? { symptomOnsetInterval: dateToInterval(symptomDate) } : {}),
      ...(typeof claims.wardCode === 'string' ? { wardCode: claims.wardCode } : {}),
      tekmac: ekeyhmac,
    },
    keys.verificationPrivateKey,
    keys.verificationKeyId,
  );
  return { certificate };
}

/**
 * Checks a certificate's signature, audience and expiry (not yet its single use: see
 * {@link burnCertificate}, done in the publish transaction).
 *
 * @param deps - the server's dependencies.
 * @param certificate - the certificate (`verificationPayload`).
 * @returns its claims.
 * @throws HttpProblem 401 when invalid or expired.
 */
export function checkCertificate(deps: ServerDeps, certificate: string): CertificateClaims {
  const claims = checkJwt(deps, certificate, CERTIFICATE_AUDIENCE, 'certificate');
  const reportType = claims.reportType;
  if (
    (reportType !== 'confirmed' && reportType !== 'likely' && reportType !== 'negative') ||
    typeof claims.tekmac !== 'string' ||
    (claims.wardCode !== undefined && typeof claims.wardCode !== 'string')
  )
    throw new HttpProblem(401, 'certificate-invalid', 'The certificate is not valid');
  return claims as unknown as CertificateClaims;
}

/**
 * Marks a certificate used, inside the publish transaction (so a rejected publish leaves it usable).
 *
 * @param deps - the server's dependencies.
 * @param tx - the transaction.
 * @param claims - the certificate's claims.
 * @throws HttpProblem 401 when the certificate was used before.
 */
export async function burnCertificate(deps: ServerDeps, tx: Pick<ServerDeps['db'], 'query'>, claims: CertificateClaims): Promise<void> {
  if (!(await burn(deps, tx, claims.jti, 'certificate', claims.exp)))
    throw new HttpProblem(401, 'certificate-used', 'The certificate was already used');
}

/**
 * Deletes expired codes, used ids and old attempt counters.
 *
 * @param deps - the server's dependencies.
 */
export async function purgeVerificationState(deps: ServerDeps): Promise<void> {
  const now = deps.now().toISOString();
  await deps.db.query('DELETE FROM verification_codes WHERE expires_at < $1', [now]);
  await deps.db.query('DELETE FROM verification_used_ids WHERE expires_at < $1', [now]);
  await deps.db.query('DELETE FROM verification_failures WHERE window_start < $1', [new Date(deps.now().getTime() - DAY_MS).toISOString()]);
}
