import { timingSafeEqual } from 'node:crypto';
import { type ExposureKeyToPublish, exposureKeysHmac } from '@healthtrace/client/key-server';
import { base64ToBytes } from '@healthtrace/core';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { openRevisionToken, sealRevisionToken } from './revision';
import { keyServerSettings } from './settings';
import { burnCertificate, type CertificateClaims, checkCertificate, dateToInterval } from './verification';

/** Report types of the GAEN export format. */
export const REPORT_TYPE = { CONFIRMED_TEST: 1, CONFIRMED_CLINICAL_DIAGNOSIS: 2, REVOKED: 5 } as const;

/**
 * Transmission risk written when the phone sends 0 (GAEN v1.5+ phones do): the values of
 * Google's exposure-notifications server (`verifyapi.TransmissionRiskConfirmedStandard` = 2,
 * `TransmissionRiskClinical` = 4).
 */
export const DEFAULT_TRANSMISSION_RISK = { confirmed: 2, likely: 4 } as const;

/** At most 14 days of keys plus today's. */
export const MAX_KEYS_PER_PUBLISH = 15;
/** Keys may start at most this many days before the current UTC day (Google's `MaxIntervalAge`). */
export const MAX_KEY_AGE_DAYS = 15;
/** Still-valid keys are held back until this long after the end of the current UTC day. */
export const EMBARGO_MS: number = 2 * 3_600_000;

/** One validated key, ready to store. */
export interface ValidatedKey {
  /** base64 of the 16 bytes. */
  key: string;
  /** The HMAC view of the key. */
  hmacView: ExposureKeyToPublish;
}

const KEY_MEMBERS = new Set(['key', 'rollingStartNumber', 'rollingPeriod', 'transmissionRisk']);
const BODY_MEMBERS = new Set([
  'temporaryExposureKeys',
  'healthAuthorityID',
  'verificationPayload',
  'hmacKey',
  'symptomOnsetInterval',
  'traveler',
  'revisionToken',
  'padding',
]);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const reject = (status: 400 | 401 | 422, code: string, title: string, path?: (string | number)[]): HttpProblem =>
  new HttpProblem(status, code, title, path ? { issues: [{ code, path, message: title }] } : {});

function decodeBase64(text: string, bytes: number): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  try {
    const out = base64ToBytes(text);
    return out.length === bytes ? out : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates a publish request and stores its keys, as Google's exposure-notifications server
 * does. Checks, in order (each failure has its own problem code): body shape (400 `bad-request`),
 * health authority (422 `unknown-health-authority`), key count ≤ 15 (422 `too-many-keys`), each
 * key's length (422 `invalid-key`), rolling period 1–144 (422 `invalid-rolling-period`),
 * transmission risk 0–8 (422 `invalid-transmission-risk`), start within the last 15 days (422
 * `key-too-old`) and not in the future (422 `key-in-future`), duplicates in the request (422
 * `duplicate-key`); the certificate's signature and expiry (401 `certificate-invalid` /
 * `certificate-expired`), its HMAC over the keys (401 `hmac-mismatch`), its test type (422
 * `negative-test` — a negative result publishes nothing); then, in one transaction, the
 * certificate's single use (401 `certificate-used`) and the keys against stored ones (422
 * `key-already-published`). A rejected request stores nothing.
 *
 * Derived per key (Google's mapping): report type CONFIRMED_TEST for `confirmed`,
 * CONFIRMED_CLINICAL_DIAGNOSIS for `likely`; transmission risk as sent, or 2 (`confirmed`) / 4
 * (`likely`) when 0; days since symptom onset from the onset day — the certificate's symptom
 * date, else the request's `symptomOnsetInterval`, else the certificate's test date, else 4 days
 * before today — kept only within −14..14.
 *
 * @param deps - the server's dependencies.
 * @param body - the parsed request body.
 * @returns the number of keys inserted.
 * @throws HttpProblem as listed.
 */
export async function publishExposureKeys(
  deps: ServerDeps,
  body: Record<string, unknown>,
): Promise<{ insertedExposures: number; revisionToken?: string }> {
  for (const k of Object.keys(body)) if (!BODY_MEMBERS.has(k)) throw reject(400, 'bad-request', `Unknown member ${k}`, [k]);
  const { temporaryExposureKeys: rawKeys, healthAuthorityID, verificationPayload, hmacKey, symptomOnsetInterval } = body;
  if (!Array.isArray(rawKeys) || rawKeys.length === 0)
    throw reject(400, 'bad-request', 'temporaryExposureKeys must be a non-empty array', ['temporaryExposureKeys']);
  if (typeof healthAuthorityID !== 'string') throw reject(400, 'bad-request', 'healthAuthorityID must be a string', ['healthAuthorityID']);
  if (typeof verificationPayload !== 'string')
    throw reject(400, 'bad-request', 'verificationPayload must be a string', ['verificationPayload']);
  if (typeof hmacKey !== 'string') throw reject(400, 'bad-request', 'hmacKey must be a string', ['hmacKey']);
  if (symptomOnsetInterval !== undefined && (!isInt(symptomOnsetInterval) || symptomOnsetInterval < 0))
    throw reject(400, 'bad-request', 'symptomOnsetInterval must be a non-negative integer', ['symptomOnsetInterval']);
  for (const name of ['traveler'] as const)
    if (body[name] !== undefined && typeof body[name] !== 'boolean') throw reject(400, 'bad-request', `${name} must be a boolean`, [name]);
  for (const name of ['revisionToken', 'padding'] as const)
    if (body[name] !== undefined && typeof body[name] !== 'string') throw reject(400, 'bad-request', `${name} must be a string`, [name]);
  const hmacKeyBytes = decodeBase64(hmacKey, 32);
  if (!hmacKeyBytes) throw reject(400, 'bad-request', 'hmacKey must be the base64 of 32 bytes', ['hmacKey']);

  if (healthAuthorityID !== deps.config.healthAuthorityId)
    throw reject(422, 'unknown-health-authority', 'healthAuthorityID is not this server’s health authority', ['healthAuthorityID']);
  if (rawKeys.length > MAX_KEYS_PER_PUBLISH)
    throw reject(422, 'too-many-keys', `At most ${MAX_KEYS_PER_PUBLISH} keys (14 days plus today's)`, ['temporaryExposureKeys']);

  const now = deps.now();
  const currentInterval = Math.floor(now.getTime() / 600_000);
  const todayStart = Math.floor(currentInterval / 144) * 144;
  const oldest = todayStart - MAX_KEY_AGE_DAYS * 144;
  const keys: ValidatedKey[] = [];
  const seen = new Set<string>();
  rawKeys.forEach((raw: unknown, i) => {
    const path = ['temporaryExposureKeys', i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw reject(400, 'bad-request', 'Each key must be an object', path);
    const k = raw as Record<string, unknown>;
    for (const m of Object.keys(k)) if (!KEY_MEMBERS.has(m)) throw reject(400, 'bad-request', `Unknown member ${m}`, [...path, m]);
    if (typeof k.key !== 'string') throw reject(400, 'bad-request', 'key must be a string', [...path, 'key']);
    if (!isInt(k.rollingStartNumber) || !isInt(k.rollingPeriod) || !isInt(k.transmissionRisk))
      throw reject(400, 'bad-request', 'rollingStartNumber, rollingPeriod and transmissionRisk must be integers', path);
    const keyData = decodeBase64(k.key, 16);
    if (!keyData) throw reject(422, 'invalid-key', 'key must be the base64 of 16 bytes', [...path, 'key']);
    if (k.rollingPeriod < 1 || k.rollingPeriod > 144)
      throw reject(422, 'invalid-rolling-period', 'rollingPeriod must be 1–144', [...path, 'rollingPeriod']);
    if (k.transmissionRisk < 0 || k.transmissionRisk > 8)
      throw reject(422, 'invalid-transmission-risk', 'transmissionRisk must be 0–8', [...path, 'transmissionRisk']);
    if (k.rollingStartNumber < oldest)
      throw reject(422, 'key-too-old', `rollingStartNumber is more than ${MAX_KEY_AGE_DAYS} days ago`, [...path, 'rollingStartNumber']);
    if (k.rollingStartNumber > currentInterval)
      throw reject(422, 'key-in-future', 'rollingStartNumber is in the future', [...path, 'rollingStartNumber']);
    if (seen.has(k.key)) throw reject(422, 'duplicate-key', 'The same key appears twice', [...path, 'key']);
    seen.add(k.key);
    keys.push({
      key: k.key,
      hmacView: {
        keyData,
        rollingStartIntervalNumber: k.rollingStartNumber,
        rollingPeriod: k.rollingPeriod,
        transmissionRiskLevel: k.transmissionRisk,
      },
    });
  });

  const claims = checkCertificate(deps, verificationPayload);
  // The HMAC is recomputed exactly as the client computes it (same function, same package).
  const expected = Buffer.from(
    exposureKeysHmac(
      hmacKeyBytes,
      keys.map((k) => k.hmacView),
    ),
    'base64',
  );
  const given = Buffer.from(claims.tekmac, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw reject(401, 'hmac-mismatch', 'The certificate is not bound to these keys');
  const revision = typeof body.revisionToken === 'string' ? openRevisionToken(deps, body.revisionToken) : undefined;
  if (claims.reportType === 'negative' && !revision) throw reject(422, 'negative-test', 'A negative test result publishes no keys');

  const onset = onsetInterval(claims, symptomOnsetInterval as number | undefined, todayStart, deps);
  const reportType =
    claims.reportType === 'confirmed'
      ? REPORT_TYPE.CONFIRMED_TEST
      : claims.reportType === 'likely'
        ? REPORT_TYPE.CONFIRMED_CLINICAL_DIAGNOSIS
        : REPORT_TYPE.REVOKED;
  // A revoked key keeps its transmission risk unless the phone sends one.
  const defaultRisk = claims.reportType === 'negative' ? null : DEFAULT_TRANSMISSION_RISK[claims.reportType];
  const embargoUntil = new Date((todayStart + 144) * 600_000 + EMBARGO_MS);
  const row = (k: ValidatedKey): (string | number | null)[] => {
    const v = k.hmacView;
    const dso = Math.floor(v.rollingStartIntervalNumber / 144) - Math.floor(onset / 144);
    const stillValid = v.rollingStartIntervalNumber + v.rollingPeriod > currentInterval;
    return [
      k.key,
      v.rollingStartIntervalNumber,
      v.rollingPeriod,
      v.transmissionRiskLevel || defaultRisk,
      reportType,
      dso >= -14 && dso <= 14 ? dso : null,
      (stillValid ? embargoUntil : now).toISOString(),
    ];
  };

  return deps.db.transaction(async (tx) => {
    await burnCertificate(deps, tx, claims);
    const existing = await tx.query<{ key_data: string; report_type: number; revised_report_type: number | null }>(
      'SELECT key_data, report_type, revised_report_type FROM exposure_keys WHERE key_data = ANY($1::text[])',
      [keys.map((k) => k.key)],
    );
    const known = new Map(existing.rows.map((r) => [r.key_data, r]));
    const inToken = new Set(revision?.keys ?? []);
    const fresh: ValidatedKey[] = [];
    const revise: ValidatedKey[] = [];
    let unchanged = 0;
    for (const k of keys) {
      const stored = known.get(k.key);
      if (!stored) {
        // A negative result publishes nothing new: it only revokes keys published before.
        if (reportType !== REPORT_TYPE.REVOKED) fresh.push(k);
        continue;
      }
      if (!inToken.has(k.key))
        throw reject(422, 'key-already-published', 'One or more keys were published before', ['temporaryExposureKeys']);
      if ((stored.revised_report_type ?? stored.report_type) === reportType) {
        unchanged++;
        continue;
      }
      // Only a clinical diagnosis is revised, once: to a confirmed test, or revoked by a negative one.
      if (stored.revised_report_type !== null || stored.report_type !== REPORT_TYPE.CONFIRMED_CLINICAL_DIAGNOSIS)
        throw reject(422, 'invalid-revision', 'Only keys of a likely diagnosis can be revised, once', ['temporaryExposureKeys']);
      revise.push(k);
    }
    if (reportType === REPORT_TYPE.REVOKED && revise.length === 0 && unchanged === 0)
      throw reject(422, 'negative-test', 'A negative test result publishes no keys; it only revokes keys of a likely diagnosis');
    if (fresh.length > 0) {
      const inserted = await tx.query(
        `INSERT INTO exposure_keys (key_data, rolling_start, rolling_period, transmission_risk, report_type, days_since_onset,
           health_authority, received_at, available_at)
         SELECT r->>0, (r->>1)::int, (r->>2)::int, (r->>3)::int, (r->>4)::int, (r->>5)::int, $2, $3, (r->>6)::timestamptz
         FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT (key_data) DO NOTHING RETURNING key_data`,
        [JSON.stringify(fresh.map(row)), healthAuthorityID, now.toISOString()],
      );
      if (inserted.rows.length !== fresh.length)
        throw reject(422, 'key-already-published', 'One or more keys were published before', ['temporaryExposureKeys']);
    }
    if (revise.length > 0) {
      const revised = await tx.query(
        `UPDATE exposure_keys AS e SET revised_report_type = (r->>4)::int,
           revised_transmission_risk = COALESCE((r->>3)::int, e.transmission_risk), revised_days_since_onset = (r->>5)::int,
           revised_at = $2, revised_available_at = (r->>6)::timestamptz
         FROM jsonb_array_elements($1::jsonb) AS r
         WHERE e.key_data = r->>0 AND e.revised_report_type IS NULL AND e.report_type = ${REPORT_TYPE.CONFIRMED_CLINICAL_DIAGNOSIS}
         RETURNING e.key_data`,
        [JSON.stringify(revise.map(row)), now.toISOString()],
      );
      if (revised.rows.length !== revise.length)
        throw reject(422, 'invalid-revision', 'Only keys of a likely diagnosis can be revised, once', ['temporaryExposureKeys']);
    }
    // A positive report for the aggregates, once per case (the first certificate), when the code was issued with a ward.
    const reportId = revision?.certificateId ?? claims.jti;
    const moved =
      revision && revise.length > 0
        ? await tx.query('UPDATE positive_reports SET report_type = $2 WHERE certificate_id = $1 RETURNING certificate_id', [
            reportId,
            claims.reportType,
          ])
        : undefined;
    if (claims.wardCode !== undefined && claims.reportType !== 'negative' && (moved?.rows.length ?? 0) === 0)
      await tx.query(
        `INSERT INTO positive_reports (certificate_id, ward_code, report_type, published_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (certificate_id) DO NOTHING`,
        [reportId, claims.wardCode, claims.reportType, now.toISOString()],
      );
    const result: { insertedExposures: number; revisionToken?: string } = { insertedExposures: fresh.length + revise.length };
    if (claims.reportType !== 'negative')
      result.revisionToken = sealRevisionToken(deps, {
        reportType: claims.reportType,
        keys: keys.map((k) => k.key),
        certificateId: reportId,
        issuedAt: now.getTime(),
      });
    return result;
  });
}

function onsetInterval(claims: CertificateClaims, requested: number | undefined, todayStart: number, deps: ServerDeps): number {
  if (claims.symptomDate) return dateToInterval(claims.symptomDate);
  if (requested !== undefined) return requested;
  if (claims.testDate) return dateToInterval(claims.testDate);
  return todayStart - keyServerSettings(deps.config).symptomOnsetDaysAgo * 144;
}
