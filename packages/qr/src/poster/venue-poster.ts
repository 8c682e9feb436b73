/**
 * A printable venue poster (SVG, A4 or A5 portrait, sizes in millimetres): bilingual heading, the
 * venue name and address, the QR code, instructions in Vietnamese and English, validity and venue id.
 */
import { bytesToHex } from '@healthtrace/core';
import { QrDecodeError } from '../decoders/types';
import { dayIso, dayNumber } from '../envelope/time';
import { encodeQrSymbol, type QrEcc, qrSymbolPath } from '../render/qr-render';
import { parseHealthtraceQr } from '../venue/decode-healthtrace';

/** Paper sizes of the poster (portrait, millimetres). */
export const POSTER_SIZES: Readonly<Record<'A4' | 'A5', { width: number; height: number }>> = {
  A4: { width: 210, height: 297 },
  A5: { width: 148, height: 210 },
};

/** The instruction lines printed on the poster, Vietnamese then English. */
export const POSTER_INSTRUCTIONS: Readonly<{ vi: readonly string[]; en: readonly string[] }> = {
  vi: [
    'Mở camera hoặc ứng dụng healthtrace và quét mã.',
    'Lượt check-in chỉ lưu trên điện thoại của bạn.',
    'Nếu địa điểm có cảnh báo, điện thoại tự đối chiếu và báo bạn.',
  ],
  en: [
    'Open your camera or the healthtrace app and scan the code.',
    'Your check-in stays on your phone only.',
    'If this venue is warned later, your phone checks and alerts you.',
  ],
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Splits text into lines of at most `max` characters at spaces (hard-splitting longer words). */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > max) {
      if (line !== '') lines.push(line);
      lines.push(w.slice(0, max));
      w = w.slice(max);
      line = '';
    }
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= max) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Renders a printable venue poster for a healthtrace venue QR text.
 *
 * @param text - a healthtrace venue QR text (name, address and dates are read from it).
 * @param options - `size` `"A4"` (default) or `"A5"`, `ecc` (default `"Q"`).
 * @returns the SVG document and the QR version and ECC used.
 * @throws QrDecodeError when `text` is not a healthtrace venue QR.
 * @example
 * ```ts
 * writeFileSync('poster.svg', renderVenuePoster(text, { size: 'A4' }).svg);
 * ```
 */
export function renderVenuePoster(
  text: string,
  options?: { size?: 'A4' | 'A5'; ecc?: QrEcc },
): { svg: string; version: number; ecc: QrEcc } {
  const parsed = parseHealthtraceQr(text);
  if (parsed.kind !== 'venue') throw new QrDecodeError('qr/bad-field', 'a poster needs a venue QR', 'healthtrace-venue');
  const venue = parsed.venue;
  const size = options?.size ?? 'A4';
  const { width, height } = POSTER_SIZES[size];
  const k = width / 210; // scale factor relative to A4
  const symbol = encodeQrSymbol(text, options?.ecc ?? 'Q');
  const qrMm = 120 * k;
  const module = qrMm / (symbol.size + 8);
  const qrX = (width - qrMm) / 2;
  const parts: string[] = [];
  let y = 24 * k;
  const line = (content: string, fontMm: number, weight = 'normal', fill = '#000'): void => {
    parts.push(
      `<text x="${(width / 2).toFixed(2)}" y="${y.toFixed(2)}" font-size="${fontMm.toFixed(2)}" font-weight="${weight}" fill="${fill}" text-anchor="middle">${escapeXml(content)}</text>`,
    );
    y += fontMm * 1.3;
  };
  line('QUÉT MÃ ĐỂ CHECK-IN', 11 * k, 'bold');
  line('SCAN TO CHECK IN', 7 * k, 'bold', '#444');
  y += 4 * k;
  for (const l of wrap(venue.name, 32)) line(l, 8 * k, 'bold');
  if (venue.address !== undefined) for (const l of wrap(venue.address, 60)) line(l, 4.2 * k, 'normal', '#333');
  y += 2 * k;
  const qrY = y;
  parts.push(`<rect x="${qrX.toFixed(2)}" y="${qrY.toFixed(2)}" width="${qrMm.toFixed(2)}" height="${qrMm.toFixed(2)}" fill="#fff"/>`);
  parts.push(
    `<g transform="translate(${qrX.toFixed(2)} ${qrY.toFixed(2)}) scale(${module.toFixed(4)})"><path fill="#000" shape-rendering="crispEdges" d="${qrSymbolPath(symbol, 4, 4)}"/></g>`,
  );
  y = qrY + qrMm + 8 * k;
  for (const l of POSTER_INSTRUCTIONS.vi) for (const w of wrap(l, 70)) line(w, 4.2 * k);
  y += 2 * k;
  for (const l of POSTER_INSTRUCTIONS.en) for (const w of wrap(l, 70)) line(w, 4 * k, 'normal', '#444');
  y = height - 12 * k;
  const from = dayIso(dayNumber(venue.validFrom));
  const until = dayIso(dayNumber(venue.validUntil) - 1);
  line(`Hiệu lực / Valid: ${from} – ${until}`, 3.2 * k, 'normal', '#555');
  line(`Mã địa điểm / Venue ID: ${bytesToHex(venue.venueId)}`, 3.2 * k, 'normal', '#555');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}" font-family="'Noto Sans', 'DejaVu Sans', Arial, sans-serif">` +
    `<title>${escapeXml(venue.name)}</title><rect width="${width}" height="${height}" fill="#fff"/>${parts.join('')}</svg>\n`;
  return { svg, version: symbol.version, ecc: symbol.ecc };
}
