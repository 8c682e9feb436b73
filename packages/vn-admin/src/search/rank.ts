import { foldVietnamese } from '../text/fold';

/**
 * How well a folded query matches one folded name.
 *
 * @param query - the folded query (see `foldVietnamese`).
 * @param name - one folded name.
 * @returns 100 exact, 80 prefix, 60 word start, 40 inside a word, 0 no match.
 * @example
 * ```ts
 * matchScore('giang', 'bac giang'); // 60
 * ```
 */
export function matchScore(query: string, name: string): number {
  if (query.length === 0) return 0;
  if (name === query) return 100;
  if (name.startsWith(query)) return 80;
  const at = name.indexOf(query);
  if (at < 0) return 0;
  // A match that starts a word ("giang" in "bac giang") beats one inside a word.
  return name[at - 1] === ' ' ? 60 : 40;
}

/** A candidate with its folded search keys (full name, short name, alternative spellings). */
export interface Searchable<T> {
  /** The unit. */
  readonly item: T;
  /** Its folded names. */
  readonly keys: readonly string[];
}

/**
 * Ranks candidates against a query: best score over each candidate's keys, ties kept in data order.
 * The query is folded (diacritics-insensitive, đ → d) before matching.
 *
 * @param candidates - items with their folded keys.
 * @param text - the raw query.
 * @param limit - maximum number of results.
 * @returns the matching items with their scores, best first.
 * @example
 * ```ts
 * rankMatches([{ item: 1, keys: ['bac giang'] }], 'Bắc', 5); // [{ item: 1, score: 80 }]
 * ```
 */
export function rankMatches<T>(candidates: readonly Searchable<T>[], text: string, limit: number): { item: T; score: number }[] {
  const query = foldVietnamese(text);
  const hits: { item: T; score: number; index: number }[] = [];
  candidates.forEach((candidate, index) => {
    let score = 0;
    for (const key of candidate.keys) score = Math.max(score, matchScore(query, key));
    if (score > 0) hits.push({ item: candidate.item, score, index });
  });
  hits.sort((a, b) => b.score - a.score || a.index - b.index);
  return hits.slice(0, limit).map(({ item, score }) => ({ item, score }));
}

/**
 * Checks a `limit` option.
 *
 * @param limit - the option value.
 * @returns the limit, 20 when not given.
 * @throws RangeError unless a positive integer.
 * @example
 * ```ts
 * checkLimit(undefined); // 20
 * ```
 */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 20;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  return limit;
}
