/**
 * The text shell shared by the healthtrace venue and personal QR codes.
 *
 * - **URL form** `<BASE-URL>#<digits>`: a plain camera app opens the check-in page; the payload sits
 *   in the fragment, which browsers never send to the web server. Scheme and host are written in
 *   upper case so that, with an upper-case path, the head fits the QR alphanumeric mode.
 * - **Compact form** `HT1:<digits>`: for scanners that know the format (shorter, not a URL).
 *
 * `<digits>` is the base10 encoding (see `base10.ts`) of `body ‖ signature`.
 */
import { QrDecodeError } from '../decoders/types';

/** Prefix of the compact (non-URL) form. */
export const COMPACT_PREFIX = 'HT1:';

/** The characters of the QR alphanumeric mode. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** Where a healthtrace QR text came from. */
export interface HealthtraceQrText {
  /** `"url"` or `"compact"`. */
  form: 'url' | 'compact';
  /** Everything before the digits (e.g. `"HTTPS://HT.VN/V#"` or `"HT1:"`). */
  head: string;
  /** The decimal payload. */
  digits: string;
}

/**
 * Normalises a base URL for the URL form: must be `http(s)://host[/path]` without query or fragment;
 * scheme and host are upper-cased (they are case-insensitive), the path is kept as given.
 *
 * @param baseUrl - e.g. `"https://ht.vn/V"`.
 * @returns the head without the `#`, e.g. `"HTTPS://HT.VN/V"`.
 * @throws TypeError when `baseUrl` is not such a URL.
 * @example
 * ```ts
 * normaliseBaseUrl('https://ht.vn/V'); // "HTTPS://HT.VN/V"
 * ```
 */
export function normaliseBaseUrl(baseUrl: string): string {
  if (typeof baseUrl !== 'string') throw new TypeError('baseUrl must be a string');
  const match = /^(https?):\/\/([A-Za-z0-9.-]+(?::[0-9]{1,5})?)(\/[^?#\s]*)?$/i.exec(baseUrl);
  if (!match) throw new TypeError(`baseUrl must be an http(s) URL without query or fragment, got ${JSON.stringify(baseUrl)}`);
  return `${(match[1] as string).toUpperCase()}://${(match[2] as string).toUpperCase()}${match[3] ?? ''}`;
}

/**
 * Wraps digits in the URL form (when `baseUrl` is given) or the compact form.
 *
 * @param digits - the decimal payload.
 * @param baseUrl - optional base URL (see {@link normaliseBaseUrl}).
 * @returns the QR text.
 * @example
 * ```ts
 * wrapDigits('00255', 'https://ht.vn/V'); // "HTTPS://HT.VN/V#00255"
 * ```
 */
export function wrapDigits(digits: string, baseUrl?: string): string {
  return baseUrl === undefined ? `${COMPACT_PREFIX}${digits}` : `${normaliseBaseUrl(baseUrl)}#${digits}`;
}

/**
 * Whether `text` has the shape of a healthtrace QR (compact prefix, or an http(s) URL whose
 * fragment is only digits). Cheap: use it to route before decoding.
 *
 * @param text - scanned text.
 * @returns `true` when {@link unwrapDigits} would accept the shell.
 * @example
 * ```ts
 * looksLikeHealthtraceQr('HT1:0123'); // true
 * ```
 */
export function looksLikeHealthtraceQr(text: string): boolean {
  if (typeof text !== 'string') return false;
  if (text.length > COMPACT_PREFIX.length && text.slice(0, COMPACT_PREFIX.length).toUpperCase() === COMPACT_PREFIX) {
    return /^[0-9]+$/.test(text.slice(COMPACT_PREFIX.length));
  }
  return /^https?:\/\/[^\s#]+#[0-9]+$/i.test(text);
}

/**
 * Splits a healthtrace QR text into its head and digits.
 *
 * @param text - scanned text.
 * @returns the form, head and digits.
 * @throws QrDecodeError `qr/unrecognised` when the text is neither form.
 * @example
 * ```ts
 * unwrapDigits('HT1:00255').digits; // "00255"
 * ```
 */
export function unwrapDigits(text: string): HealthtraceQrText {
  if (!looksLikeHealthtraceQr(text)) {
    throw new QrDecodeError('qr/unrecognised', 'not a healthtrace QR (expected HT1:<digits> or <url>#<digits>)');
  }
  if (text.slice(0, COMPACT_PREFIX.length).toUpperCase() === COMPACT_PREFIX) {
    return { form: 'compact', head: text.slice(0, COMPACT_PREFIX.length), digits: text.slice(COMPACT_PREFIX.length) };
  }
  const hash = text.indexOf('#');
  return { form: 'url', head: text.slice(0, hash + 1), digits: text.slice(hash + 1) };
}

/** One QR segment with an explicit mode, as the `qrcode` encoder takes it. */
export interface QrSegment {
  /** Segment text. */
  data: string;
  /** QR mode. */
  mode: 'numeric' | 'alphanumeric' | 'byte';
}

/**
 * The explicit QR segments for a healthtrace QR text: the head in alphanumeric mode (byte mode for
 * characters outside that set, such as `#` or a lower-case path) and the digits in numeric mode.
 * Returns `undefined` for any other text (let the encoder choose).
 *
 * @param text - a healthtrace QR text.
 * @returns the segments, or `undefined`.
 * @example
 * ```ts
 * healthtraceQrSegments('HTTPS://HT.VN/V#123');
 * // [{data:'HTTPS://HT.VN/V',mode:'alphanumeric'},{data:'#',mode:'byte'},{data:'123',mode:'numeric'}]
 * ```
 */
export function healthtraceQrSegments(text: string): QrSegment[] | undefined {
  if (!looksLikeHealthtraceQr(text)) return undefined;
  const { head, digits } = unwrapDigits(text);
  const segments: QrSegment[] = [];
  // Split the head into maximal alphanumeric / byte runs.
  let run = '';
  let runAlpha = true;
  for (const ch of head) {
    const alpha = ALPHANUMERIC.test(ch);
    if (run !== '' && alpha !== runAlpha) {
      segments.push({ data: run, mode: runAlpha ? 'alphanumeric' : 'byte' });
      run = '';
    }
    run += ch;
    runAlpha = alpha;
  }
  if (run !== '') segments.push({ data: run, mode: runAlpha ? 'alphanumeric' : 'byte' });
  segments.push({ data: digits, mode: 'numeric' });
  return segments;
}
