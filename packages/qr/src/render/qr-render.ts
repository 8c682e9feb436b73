/**
 * Rendering QR codes to SVG, PNG and the terminal with the `qrcode` encoder (soldair/node-qrcode),
 * passing explicit segments for healthtrace codes (alphanumeric head, numeric payload) so that the
 * version is minimal. SVG and terminal output are drawn from the encoder's module matrix (sync, no
 * DOM); PNG uses `qrcode`'s own PNG writer and works in Node only.
 */
import { utf8ToBytes } from '@healthtrace/core';
import QRCode from 'qrcode';
import { healthtraceQrSegments } from '../envelope/text-form';

/** QR error-correction level. */
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

/** A QR symbol: its version, ECC level and module matrix. */
export interface QrSymbol {
  /** QR version 1–40. */
  version: number;
  /** Error-correction level. */
  ecc: QrEcc;
  /** Modules per side (17 + 4·version). */
  size: number;
  /** Whether module (row, col) is dark. */
  isDark(row: number, col: number): boolean;
}

/** Options of the renderers. */
export interface RenderOptions {
  /** Error-correction level (default `"Q"`). */
  ecc?: QrEcc;
  /** Quiet zone in modules (default 4). */
  margin?: number;
}

function segmentsFor(text: string): string | QRCode.QRCodeSegment[] {
  const segments = healthtraceQrSegments(text);
  if (segments === undefined) return text;
  return segments.map(
    (s): QRCode.QRCodeSegment =>
      s.mode === 'byte'
        ? { mode: 'byte', data: utf8ToBytes(s.data) }
        : s.mode === 'numeric'
          ? { mode: 'numeric', data: s.data }
          : { mode: 'alphanumeric', data: s.data },
  );
}

/**
 * Encodes `text` as a QR symbol (explicit segments for healthtrace codes, automatic otherwise).
 *
 * @param text - the text to encode.
 * @param ecc - error-correction level (default `"Q"`).
 * @returns the symbol.
 * @throws RangeError when the text does not fit any QR version at that level.
 * @example
 * ```ts
 * encodeQrSymbol(text, 'Q').version; // e.g. 10
 * ```
 */
export function encodeQrSymbol(text: string, ecc: QrEcc = 'Q'): QrSymbol {
  if (typeof text !== 'string' || text.length === 0) throw new TypeError('text must be a non-empty string');
  let qr: QRCode.QRCode;
  try {
    qr = QRCode.create(segmentsFor(text), { errorCorrectionLevel: ecc });
  } catch (cause) {
    throw new RangeError(`text does not fit a QR code at ECC ${ecc}`, { cause });
  }
  const { size, data } = qr.modules;
  return { version: qr.version, ecc, size, isDark: (row, col) => data[row * size + col] === 1 };
}

/**
 * The smallest QR version holding `text` at an ECC level (without drawing anything).
 *
 * @param text - the text.
 * @param ecc - error-correction level.
 * @returns the version 1–40.
 * @throws RangeError when it does not fit.
 * @example
 * ```ts
 * qrVersionOf('HT1:0123', 'M'); // 1
 * ```
 */
export function qrVersionOf(text: string, ecc: QrEcc): number {
  return encodeQrSymbol(text, ecc).version;
}

/**
 * Renders `text` as a standalone SVG document (one path, `viewBox` in modules).
 *
 * @param text - the text.
 * @param options - ECC level and quiet zone.
 * @returns SVG text and the symbol's version and ECC.
 * @example
 * ```ts
 * const { svg, version } = renderQrSvg(text, { ecc: 'Q' });
 * ```
 */
export function renderQrSvg(text: string, options?: RenderOptions): { svg: string; version: number; ecc: QrEcc } {
  const symbol = encodeQrSymbol(text, options?.ecc ?? 'Q');
  const margin = options?.margin ?? 4;
  const full = symbol.size + 2 * margin;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `<rect width="${full}" height="${full}" fill="#fff"/>` +
    `<path fill="#000" d="${qrSymbolPath(symbol, margin, margin)}"/></svg>\n`;
  return { svg, version: symbol.version, ecc: symbol.ecc };
}

/**
 * The SVG path data (`d`) drawing the dark modules, one unit per module, offset by (x, y).
 * Used by {@link renderQrSvg} and the venue poster.
 *
 * @param symbol - the symbol.
 * @param x - left offset in modules.
 * @param y - top offset in modules.
 * @returns path data.
 * @example
 * ```ts
 * const d = qrSymbolPath(encodeQrSymbol(text), 4, 4); // "M4 4h7v1h-7z…"
 * ```
 */
export function qrSymbolPath(symbol: QrSymbol, x: number, y: number): string {
  let d = '';
  for (let row = 0; row < symbol.size; row++) {
    let col = 0;
    while (col < symbol.size) {
      if (!symbol.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < symbol.size && symbol.isDark(row, col)) col++;
      d += `M${x + start} ${y + row}h${col - start}v1h${start - col}z`;
    }
  }
  return d;
}

/**
 * Renders `text` for a terminal with Unicode half blocks (two module rows per text line,
 * dark modules drawn as spaces on a light background so that it scans on dark terminals).
 *
 * @param text - the text.
 * @param options - ECC level and quiet zone (default 2 here).
 * @returns the lines (ending in a newline) and the symbol's version and ECC.
 * @example
 * ```ts
 * process.stdout.write(renderQrTerminal(text).text);
 * ```
 */
export function renderQrTerminal(text: string, options?: RenderOptions): { text: string; version: number; ecc: QrEcc } {
  const symbol = encodeQrSymbol(text, options?.ecc ?? 'Q');
  const margin = options?.margin ?? 2;
  const full = symbol.size + 2 * margin;
  const dark = (r: number, c: number): boolean => {
    const row = r - margin;
    const col = c - margin;
    return row >= 0 && col >= 0 && row < symbol.size && col < symbol.size && symbol.isDark(row, col);
  };
  let out = '';
  for (let r = 0; r < full; r += 2) {
    for (let c = 0; c < full; c++) {
      const top = dark(r, c);
      const bottom = r + 1 < full && dark(r + 1, c);
      // Light = block; the terminal background shows through for dark modules.
      out += top ? (bottom ? ' ' : '▄') : bottom ? '▀' : '█';
    }
    out += '\n';
  }
  return { text: out, version: symbol.version, ecc: symbol.ecc };
}

/**
 * Renders `text` as a PNG image (Node only: uses `qrcode`'s PNG writer).
 *
 * @param text - the text.
 * @param options - ECC level, quiet zone and pixels per module (default 8).
 * @returns PNG bytes and the symbol's version and ECC.
 * @example
 * ```ts
 * const { png } = await renderQrPng(text, { scale: 10 });
 * writeFileSync('venue.png', png);
 * ```
 */
export async function renderQrPng(
  text: string,
  options?: RenderOptions & { scale?: number },
): Promise<{ png: Uint8Array; version: number; ecc: QrEcc }> {
  const ecc = options?.ecc ?? 'Q';
  const symbol = encodeQrSymbol(text, ecc);
  if (typeof QRCode.toBuffer !== 'function') throw new TypeError('PNG rendering needs Node.js (qrcode.toBuffer)');
  const buffer = await QRCode.toBuffer(segmentsFor(text), {
    type: 'png',
    errorCorrectionLevel: ecc,
    margin: options?.margin ?? 4,
    scale: options?.scale ?? 8,
  });
  return { png: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), version: symbol.version, ecc };
}
