/**
 * Personal declaration QR issuance: the receipt of a domestic or entry declaration can carry a
 * signed personal QR (`docs/spec/qr-v1.md` §3, `createPersonalQr` from `@healthtrace/qr`) that the
 * declarant shows at venues, where staff check them in by scanning it (`POST /v1/check-ins` with
 * `personalQr`). The code holds a fresh random pseudonym, the status bits derived here, the issue
 * time and a short expiry — no name, phone, ID number, address or birth date, and nothing that
 * links it to the stored declaration (the pseudonym is not stored with the declaration).
 */
import {
  DOMESTIC_EXPOSURES,
  DOMESTIC_SYMPTOMS,
  type DomesticDeclaration,
  ENTRY_EXPOSURES,
  ENTRY_SYMPTOMS,
  type EntryDeclaration,
} from '@healthtrace/declaration';
import { createPersonalQr } from '@healthtrace/qr';
import type { ServerDeps } from '../http/context';
import { qrKeysOf } from '../venues/qr-keys';
import type { ValidSubmission } from './validate';

/** Declaration kinds whose receipt carries a personal QR (when issuance is enabled). */
export const PERSONAL_QR_DECLARATION_TYPES: readonly string[] = ['domestic', 'entry'];

/** The exposure answers that mean contact with a (confirmed or suspected) case: `close-contact`. */
const CASE_CONTACT: ReadonlySet<string> = new Set(['confirmedOrSuspectedCase', 'closeContactWithCase']);

function statusOf(
  symptoms: Record<string, boolean>,
  symptomKeys: readonly string[],
  exposure: Record<string, boolean>,
  exposureKeys: readonly string[],
): string[] {
  const flags: string[] = [];
  flags.push(symptomKeys.some((k) => symptoms[k] === true) ? 'has-symptoms' : 'no-symptoms');
  const exposed = exposureKeys.filter((k) => exposure[k] === true);
  if (exposed.length === 0) flags.push('no-known-exposure');
  else if (exposed.some((k) => CASE_CONTACT.has(k))) flags.push('close-contact');
  return flags;
}

/**
 * The personal QR status flags (names from `PERSONAL_STATUS_FLAGS`) a declaration states: the
 * bits say what the person DECLARED, nothing is attested. Symptoms: none → `no-symptoms`, any →
 * `has-symptoms`. Exposure: no "yes" answer → `no-known-exposure`; contact with a confirmed or
 * suspected case (domestic `confirmedOrSuspectedCase`, entry `closeContactWithCase`) →
 * `close-contact`; another "yes" answer (travel companions from affected countries, people with
 * symptoms, animals) sets neither. At least one vaccine dose → `vaccinated`; an entry declaration's
 * negative test result → `negative-test`.
 *
 * @param submission - the validated submission.
 * @returns the flag names, or `undefined` for a kind that gets no personal QR.
 * @example
 * ```ts
 * personalStatusFlags({ type: 'domestic', data }); // ['no-symptoms', 'no-known-exposure', 'vaccinated']
 * ```
 */
export function personalStatusFlags(submission: ValidSubmission): string[] | undefined {
  if (submission.type === 'domestic') {
    const d = submission.data as DomesticDeclaration;
    const flags = statusOf(d.symptoms, DOMESTIC_SYMPTOMS, d.exposure, DOMESTIC_EXPOSURES);
    if ((d.vaccinations?.length ?? 0) > 0) flags.push('vaccinated');
    return flags;
  }
  if (submission.type === 'entry') {
    const d = submission.data as EntryDeclaration;
    const flags = statusOf(d.symptoms, ENTRY_SYMPTOMS, d.exposure, ENTRY_EXPOSURES);
    if ((d.vaccines?.length ?? 0) > 0) flags.push('vaccinated');
    if (d.testResult?.result === 'negative') flags.push('negative-test');
    return flags;
  }
  return undefined;
}

/**
 * Issues the personal QR of a declaration when the server is configured to
 * (`declarations.personalQr.enabled`) and the kind gets one: signed with the server's QR issuer
 * key (the key in its trust list), a fresh random pseudonym, issued now, valid for
 * `declarations.personalQr.lifetimeMinutes`. Runs after the declaration is committed, outside the
 * batched write; nothing about the code is stored.
 *
 * @param deps - the server's dependencies (config, clock, QR keys).
 * @param submission - the validated submission.
 * @returns the QR text (compact `HT1:` form), or `undefined` when none is issued.
 * @example
 * ```ts
 * const qr = issuePersonalQr(deps, submission);
 * const body = qr === undefined ? receipt : { ...receipt, qr };
 * ```
 */
export function issuePersonalQr(deps: ServerDeps, submission: ValidSubmission): string | undefined {
  const options = deps.config.declarations.personalQr;
  if (!options.enabled) return undefined;
  const status = personalStatusFlags(submission);
  if (status === undefined) return undefined;
  const { issuerSecretKey } = qrKeysOf(deps);
  return createPersonalQr({ status, issuedAt: deps.now(), lifetimeMinutes: options.lifetimeMinutes }, issuerSecretKey).text;
}
