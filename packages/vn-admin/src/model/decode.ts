/** Decoding of the compact rows in `src/generated/` (the encoding is described in scripts/generate-data.ts). */

/** One decoded unit entry of a row. */
export interface DecodedEntry {
  /** The unit code. */
  readonly code: string;
  /** The type letter. */
  readonly letter: string;
  /** Whether the `*` flag follows the type letter (island district without communes). */
  readonly flagged: boolean;
  /** The full name (type prefix restored). */
  readonly name: string;
  /** Alternative spelling (`~`), or `null`. */
  readonly altName: string | null;
}

/**
 * Splits a row `PARENT:entry|entry…` and decodes each entry.
 *
 * @param row - one generated row.
 * @param codeLength - digits of the unit codes.
 * @param types - type letter → type name (the name prefix).
 * @returns the parent code and the entries.
 * @example
 * ```ts
 * decodeRow('001:00001PPhúc Xá', 5, { P: 'Phường' }).entries[0]?.name; // "Phường Phúc Xá"
 * ```
 */
export function decodeRow(
  row: string,
  codeLength: number,
  types: Readonly<Record<string, string>>,
): { parent: string; entries: DecodedEntry[] } {
  const colon = row.indexOf(':');
  const parent = row.slice(0, colon);
  const entries = row
    .slice(colon + 1)
    .split('|')
    .map((entry): DecodedEntry => {
      const code = entry.slice(0, codeLength);
      const letter = entry[codeLength]!;
      let at = codeLength + 1;
      const flagged = entry[at] === '*';
      if (flagged) at++;
      const tilde = entry.indexOf('~', at);
      const stored = tilde < 0 ? entry.slice(at) : entry.slice(at, tilde);
      const name = stored.startsWith('!') ? stored.slice(1) : `${types[letter]} ${stored}`;
      return { code, letter, flagged, name, altName: tilde < 0 ? null : entry.slice(tilde + 1) };
    });
  return { parent, entries };
}
