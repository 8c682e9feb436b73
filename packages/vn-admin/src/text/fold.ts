/**
 * Vietnamese text folding for display-free comparisons: diacritics removed (including đ/Đ → d/D),
 * whitespace collapsed. Written by hand: Unicode NFD plus one extra letter is all it takes.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Đ/đ, plus the look-alike Ð/ð (U+00D0/U+00F0) that legacy Vietnamese encodings convert to.
const D_STROKE = /[đĐðÐ]/g;
const SPACES = /\s+/g;

/**
 * Removes Vietnamese diacritics, keeping letter case: `"Thành phố Đà Nẵng"` → `"Thanh pho Da Nang"`.
 * Whitespace runs become one space and the ends are trimmed.
 *
 * @param text - any string.
 * @returns the text without combining marks, with đ → d and Đ → D.
 * @throws TypeError if `text` is not a string.
 * @example
 * ```ts
 * removeDiacritics('Bắc  Giang '); // "Bac Giang"
 * ```
 */
export function removeDiacritics(text: string): string {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_STROKE, (c) => (c === 'đ' || c === 'ð' ? 'd' : 'D'))
    .normalize('NFC')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * The search key of a text: diacritics removed, lower case, single spaces.
 *
 * @param text - any string.
 * @returns the folded key, e.g. `"Đắk Lắk"` → `"dak lak"`.
 * @throws TypeError if `text` is not a string.
 * @example
 * ```ts
 * foldVietnamese('Thành phố Hồ Chí Minh') === foldVietnamese('thanh pho ho chi minh'); // true
 * ```
 */
export function foldVietnamese(text: string): string {
  return removeDiacritics(text).toLowerCase();
}
