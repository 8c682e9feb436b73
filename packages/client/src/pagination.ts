/** One page of a cursor-paginated list, as the healthtrace API returns it. */
export interface Page<T> {
  /** The items of this page. */
  items: T[];
  /** Cursor of the next page, `null` on the last. */
  nextCursor: string | null;
}

/**
 * Iterates every item of a cursor-paginated list, fetching pages lazily.
 *
 * @param fetchPage - fetches one page given the cursor (`undefined` for the first); return
 *   the `{ data, error }` of a client call.
 * @returns an async iterator over the items.
 * @throws Error when a page request fails (with the problem details as `cause`).
 * @example
 * ```ts
 * for await (const d of paginate((cursor) =>
 *   client.api.GET('/v1/declarations', { params: { query: { cursor, type: 'domestic' } } }))) {
 *   console.log(d.id);
 * }
 * ```
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data?: Page<T> | undefined; error?: unknown }>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  for (;;) {
    const { data, error } = await fetchPage(cursor);
    if (!data) throw new Error('page request failed', { cause: error });
    yield* data.items;
    if (data.nextCursor === null || data.nextCursor === undefined) return;
    cursor = data.nextCursor;
  }
}
