/**
 * The exposure-key flows of the GAEN-compatible key server: verification code →
 * token → certificate bound to an HMAC of the keys → publish. The HMAC format is the one of
 * Google's exposure-notifications verification server, so the server checks it the same way.
 *
 * @packageDocumentation
 */
import { assertBytes, assertInteger, bytesToBase64, utf8ToBytes } from '@healthtrace/core';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { HealthtraceClient } from './client';

/** A temporary exposure key to publish. */
export interface ExposureKeyToPublish {
  /** The 16-byte TEK. */
  keyData: Uint8Array;
  /** ENIntervalNumber at which the key started. */
  rollingStartIntervalNumber: number;
  /** Validity in 10-minute intervals (1–144). */
  rollingPeriod: number;
  /** Transmission risk level (0–8; 0 when absent, as GAEN v1.5+ apps send). */
  transmissionRiskLevel?: number;
}

/**
 * The canonical text the certificate HMAC is computed over: each key as
 * `base64(key).rollingStartNumber.rollingPeriod.transmissionRisk`, sorted, joined by commas.
 *
 * @param keys - the keys.
 * @returns the canonical text.
 * @throws TypeError / RangeError for malformed keys (argument named `keys[i]…`).
 * @example
 * ```ts
 * exposureKeysHmacMessage([{ keyData, rollingStartIntervalNumber: 2650032, rollingPeriod: 144, transmissionRiskLevel: 0 }]);
 * ```
 */
export function exposureKeysHmacMessage(keys: readonly ExposureKeyToPublish[]): string {
  return keys
    .map((k, i) => {
      assertBytes(k.keyData, `keys[${i}].keyData`, 16);
      assertInteger(k.rollingStartIntervalNumber, `keys[${i}].rollingStartIntervalNumber`, 0, 2 ** 32 - 1);
      assertInteger(k.rollingPeriod, `keys[${i}].rollingPeriod`, 1, 144);
      const trl = assertInteger(k.transmissionRiskLevel ?? 0, `keys[${i}].transmissionRiskLevel`, 0, 8);
      return `${bytesToBase64(k.keyData)}.${k.rollingStartIntervalNumber}.${k.rollingPeriod}.${trl}`;
    })
    .sort()
    .join(',');
}

/**
 * HMAC-SHA256 of the keys with `hmacKey` (base64), as sent in the certificate request.
 *
 * @param hmacKey - the random HMAC key (32 bytes recommended).
 * @param keys - the keys to publish.
 * @returns the HMAC, base64.
 * @throws TypeError when `hmacKey` is not a Uint8Array.
 * @example
 * ```ts
 * const ekeyhmac = exposureKeysHmac(hmacKey, keys);
 * ```
 */
export function exposureKeysHmac(hmacKey: Uint8Array, keys: readonly ExposureKeyToPublish[]): string {
  assertBytes(hmacKey, 'hmacKey');
  return bytesToBase64(hmac(sha256, hmacKey, utf8ToBytes(exposureKeysHmacMessage(keys))));
}

/** Why a publish flow stopped. */
export class KeyServerFlowError extends Error {
  /** The step that failed. */
  readonly step: 'verify' | 'certificate' | 'publish';
  /** HTTP status of the failed step. */
  readonly status: number;

  /**
   * @param step - the failed step.
   * @param status - its HTTP status.
   * @param problem - the problem details returned.
   */
  constructor(step: 'verify' | 'certificate' | 'publish', status: number, problem: unknown) {
    super(`key-server ${step} failed with HTTP ${status}`, { cause: problem });
    this.name = 'KeyServerFlowError';
    this.step = step;
    this.status = status;
  }
}

/** Input of {@link publishDiagnosisKeys}. */
export interface PublishDiagnosisKeysInput {
  /** The verification code the health authority gave the person. */
  code: string;
  /** The keys to publish (at most 14 days plus today's). */
  keys: readonly ExposureKeyToPublish[];
  /** The health authority id the server expects. */
  healthAuthorityID: string;
  /** ENIntervalNumber of symptom onset, if known. */
  symptomOnsetInterval?: number;
  /**
   * The `revisionToken` an earlier publish returned, to revise its keys (GAEN v1.5+: a `likely` diagnosis later
   * confirmed or revoked with a new verification code).
   */
  revisionToken?: string;
  /** Random source for the HMAC key (default `crypto.getRandomValues`). */
  randomBytes?: (n: number) => Uint8Array;
}

/**
 * Runs the whole publish flow (keys as `TekKeyStore.keysForUpload()` of `@healthtrace/rolling-id` returns them): verify the code, obtain a certificate bound to the keys'
 * HMAC, publish the keys with it.
 *
 * @param client - a client from `createClient`.
 * @param input - code, keys, health authority id.
 * @returns the number of keys the server inserted, and the `revisionToken` to keep for a later revision (when the
 *   server issues one).
 * @throws KeyServerFlowError naming the step that failed.
 * @example
 * ```ts
 * const { insertedExposures } = await publishDiagnosisKeys(client, { code: '12345678', keys, healthAuthorityID: 'vn.gov.bacgiang' });
 * ```
 */
export async function publishDiagnosisKeys(
  client: HealthtraceClient,
  input: PublishDiagnosisKeysInput,
): Promise<{ insertedExposures: number; revisionToken?: string }> {
  const randomBytes = input.randomBytes ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const verified = await client.api.POST('/v1/verification/verify', { body: { code: input.code } });
  if (!verified.data) throw new KeyServerFlowError('verify', verified.response.status, verified.error);
  const hmacKey = randomBytes(32);
  const ekeyhmac = exposureKeysHmac(hmacKey, input.keys);
  const certificate = await client.api.POST('/v1/verification/certificate', { body: { token: verified.data.token, ekeyhmac } });
  if (!certificate.data) throw new KeyServerFlowError('certificate', certificate.response.status, certificate.error);
  const published = await client.api.POST('/v1/exposure-keys', {
    body: {
      temporaryExposureKeys: input.keys.map((k) => ({
        key: bytesToBase64(k.keyData),
        rollingStartNumber: k.rollingStartIntervalNumber,
        rollingPeriod: k.rollingPeriod,
        transmissionRisk: k.transmissionRiskLevel ?? 0,
      })),
      healthAuthorityID: input.healthAuthorityID,
      verificationPayload: certificate.data.certificate,
      hmacKey: bytesToBase64(hmacKey),
      ...(input.symptomOnsetInterval === undefined ? {} : { symptomOnsetInterval: input.symptomOnsetInterval }),
      ...(input.revisionToken === undefined ? {} : { revisionToken: input.revisionToken }),
    },
  });
  if (!published.data) throw new KeyServerFlowError('publish', published.response.status, published.error);
  const { insertedExposures, revisionToken } = published.data;
  return revisionToken === undefined ? { insertedExposures } : { insertedExposures, revisionToken };
}
