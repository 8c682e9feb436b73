import { createVenueQr, ed25519PublicKey } from '@healthtrace/qr';
import { encodeQrSymbol, qrVersionOf, renderQrPng, renderQrSvg, renderQrTerminal, renderVenuePoster } from '@healthtrace/qr/render';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const issuer = new Uint8Array(32).fill(1);
const { text } = createVenueQr(
  {
    name: 'Quán Phở Thìn Lò Đúc Hà Nội 13',
    address: '13 Lò Đúc, Hai Bà Trưng',
    validFrom: new Date('2026-11-01'),
    validUntil: new Date('2027-10-31'),
  },
  issuer,
  { baseUrl: 'https://ht.vn/V' },
);

describe('rendering', () => {
  it('uses explicit segments: smaller than letting the whole text go to byte mode', () => {
    const symbol = encodeQrSymbol(text, 'Q');
    expect(symbol.size).toBe(17 + 4 * symbol.version);
    // The same text forced into one byte segment needs a larger version.
    expect(qrVersionOf(text.toLowerCase().replace('https://ht.vn/v#', 'https://ht.vn/v?x#'), 'Q')).toBeGreaterThanOrEqual(symbol.version);
    expect(qrVersionOf(text, 'M')).toBeLessThanOrEqual(symbol.version);
    expect(ed25519PublicKey(issuer)).toHaveLength(32);
  });

  it('renders SVG with the symbol size and reports version and ECC', () => {
    const { svg, version, ecc } = renderQrSvg(text, { ecc: 'Q' });
    const full = 17 + 4 * version + 8;
    expect(ecc).toBe('Q');
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}"`));
    expect(svg).toContain('<path fill="#000" d="M');
  });

  it('renders a PNG in Node', async () => {
    const { png, version } = await renderQrPng(text, { ecc: 'M', scale: 2 });
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(version).toBe(qrVersionOf(text, 'M'));
  });

  it('renders for the terminal with half blocks', () => {
    const { text: out, version } = renderQrTerminal(text, { ecc: 'L' });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toHaveLength(17 + 4 * version + 4);
    expect(lines).toHaveLength(Math.ceil((17 + 4 * version + 4) / 2));
    expect(out).toMatch(/^[ ▀▄█\n]+$/);
  });

  it('renders an A4 and an A5 poster with the name and bilingual instructions', () => {
    for (const size of ['A4', 'A5'] as const) {
      const { svg, version } = renderVenuePoster(text, { size });
      expect(svg).toContain(size === 'A4' ? 'width="210mm" height="297mm"' : 'width="148mm" height="210mm"');
      expect(svg).toContain('Quán Phở Thìn Lò Đúc Hà Nội 13');
      expect(svg).toContain('13 Lò Đúc, Hai Bà Trưng');
      expect(svg).toContain('QUÉT MÃ ĐỂ CHECK-IN');
      expect(svg).toContain('SCAN TO CHECK IN');
      expect(svg).toContain('Hiệu lực / Valid: 2026-11-01 – 2027-10-31');
      expect(version).toBeLessThanOrEqual(11);
    }
    expect(() => renderVenuePoster('hello')).toThrow();
  });

  it('escapes XML in venue names', () => {
    const { text: t } = createVenueQr(
      { name: '<Tom & "Jerry">', validFrom: new Date('2026-11-01'), validUntil: new Date('2027-10-31') },
      issuer,
    );
    expect(renderVenuePoster(t).svg).toContain('&lt;Tom &amp; &quot;Jerry&quot;&gt;');
  });
});

describe('size floor over many names', () => {
  it('any 30-character Vietnamese name (VN8 letters, digits, punctuation) fits version 10 at ECC Q in the URL form', () => {
    const alphabet = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY0123456789 .,-&',
      ...'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 30, maxLength: 30 }), (chars) => {
        const name = chars.join('').replace(/^ +| +$/g, 'X');
        const code = createVenueQr(
          { name, venueType: 12, defaultCheckInMinutes: 1275, validFrom: new Date('2026-11-01'), validUntil: new Date('2027-10-31') },
          issuer,
          {
            baseUrl: 'https://ht.vn/V',
          },
        ).text;
        expect(qrVersionOf(code, 'Q')).toBeLessThanOrEqual(10);
      }),
      { numRuns: 200 },
    );
  });
});
