import { foldVietnamese } from '../text/fold';

/** How well a folded query matches one folded name: 0 = no match, higher is better. */
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
  readonly item: T;
  readonly keys: readonly string[];
}

/**
 * Ranks candidates against a query: best score over each candidate's keys, ties kept in data order.
 * The query is folded (diacritics-insensitive, đ → d) before matching.
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

/** Checks a `limit` option: a positive integer, default 20. */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 20;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  return limit;
}
