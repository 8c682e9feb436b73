/**
 * The phone fast path in browsers and other non-Node runtimes (the default of `#phone-fast-path` in
 * package.json): none — every number is read by libphonenumber-js, as a form validates one number at a
 * time. Node gets `./phone-fast-path.ts`.
 */
import type { MetadataJson } from 'libphonenumber-js/core';
import type { PhoneNumberInfo } from './phone';

/**
 * No fast path: always `undefined`, so the library reads the number.
 *
 * @param _text - the number as typed.
 * @param _metadata - libphonenumber-js metadata.
 * @param _region - the region national numbers are read in.
 * @returns `undefined`.
 * @example
 * ```ts
 * fastPath('+84912345678', PHONE_METADATA_VN, 'VN'); // undefined
 * ```
 */
export function fastPath(_text: string, _metadata: MetadataJson, _region: string): PhoneNumberInfo | undefined {
  return undefined;
}
