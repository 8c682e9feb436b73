/**
 * The offline queue: declarations and check-ins are persisted first and delivered later,
 * in order, exactly once. Each entry's id doubles as its `Idempotency-Key`, so a delivery
 * that reached the server but whose answer was lost (or a restart mid-delivery) is
 * deduplicated by the server when it is sent again.
 */

/** What the queue can hold. */
export type QueuedKind = 'declaration' | 'check-in';

/** One queued request, as persisted. */
export interface QueuedRequest {
  /** Unique id; sent as the `Idempotency-Key`. */
  id: string;
  /** What it is. */
  kind: QueuedKind;
  /** The JSON body to POST. */
  body: unknown;
  /** When it was queued (ISO time). */
  enqueuedAt: string;
  /** Delivery attempts so far. */
  attempts: number;
  /** The last failure, if any (no personal data: a status or error name). */
  lastError?: string;
}

/** A request the server refused for good (e.g. failed validation); kept for inspection. */
export interface RejectedRequest extends QueuedRequest {
  /** HTTP status of the refusal. */
  status: number;
  /** The problem details returned, if any. */
  problem?: unknown;
}

/** The persisted state of a queue. */
export interface QueueState {
  /** Pending requests, oldest first. */
  pending: QueuedRequest[];
  /** Requests the server refused for good. */
  rejected: RejectedRequest[];
}

/**
 * Where a queue keeps its state. `save` must be durable when it resolves (a file adapter
 * writes atomically), because the queue relies on it to survive a restart.
 */
export interface QueueStorage {
  /** Reads the saved state (an empty state when nothing was saved). */
  load(): Promise<QueueState>;
  /** Replaces the saved state. */
  save(state: QueueState): Promise<void>;
}

/** The outcome of one delivery attempt, decided by the sender. */
export type DeliveryOutcome =
  | { result: 'delivered'; response?: unknown }
  | { result: 'rejected'; status: number; problem?: unknown }
  | { result: 'retry'; reason: string };

/** Summary of a {@link OfflineQueue.flush}. */
export interface FlushResult {
  /** Ids delivered in this flush, in order. */
  delivered: string[];
  /** Ids rejected for good in this flush. */
  rejected: string[];
  /** Requests still pending afterwards. */
  remaining: number;
}

const emptyState = (): QueueState => ({ pending: [], rejected: [] });

/**
 * In-memory storage (lost on restart); the default.
 *
 * @returns a {@link QueueStorage}.
 * @example
 * ```ts
 * const client = createClient({ baseUrl, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): QueueStorage {
  let state = emptyState();
  return {
    async load() {
      return structuredClone(state);
    },
    async save(next) {
      state = structuredClone(next);
    },
  };
}

/** The subset of the Web Storage API the adapter uses. */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Browser storage in `localStorage` (or any Web Storage object) under one key.
 *
 * @param key - the storage key (default `"healthtrace:queue"`).
 * @param storage - the Web Storage object (default `globalThis.localStorage`).
 * @returns a {@link QueueStorage}.
 * @throws TypeError when no Web Storage is available.
 * @example
 * ```ts
 * const client = createClient({ baseUrl: '/', storage: webStorage() });
 * ```
 */
export function webStorage(key = 'healthtrace:queue', storage?: WebStorageLike): QueueStorage {
  const store = storage ?? (globalThis as { localStorage?: WebStorageLike }).localStorage;
  if (!store) throw new TypeError('storage must be a Web Storage object; none is available here');
  return {
    async load() {
      const text = store.getItem(key);
      return text ? parseState(text) : emptyState();
    },
    async save(state) {
      store.setItem(key, JSON.stringify(state));
    },
  };
}

/**
 * Browser storage in IndexedDB (survives reloads, larger than localStorage quotas).
 *
 * @param dbName - database name (default `"healthtrace"`).
 * @param factory - the IndexedDB factory (default `globalThis.indexedDB`).
 * @returns a {@link QueueStorage}.
 * @throws TypeError when IndexedDB is not available.
 * @example
 * ```ts
 * const client = createClient({ baseUrl: '/', storage: indexedDbStorage() });
 * ```
 */
export function indexedDbStorage(dbName = 'healthtrace', factory?: IDBFactory): QueueStorage {
  const idb = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) throw new TypeError('factory must be an IDBFactory; IndexedDB is not available here');
  const request = <T>(r: IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const r = idb.open(dbName, 1);
      r.onupgradeneeded = () => r.result.createObjectStore('queue');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    return db;
  };
  return {
    async load() {
      const tx = (await open()).transaction('queue', 'readonly');
      const text = (await request(tx.objectStore('queue').get('state'))) as string | undefined;
      return text ? parseState(text) : emptyState();
    },
    async save(state) {
      const tx = (await open()).transaction('queue', 'readwrite');
      tx.objectStore('queue').put(JSON.stringify(state), 'state');
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    },
  };
}

/**
 * Parses persisted queue state, tolerating damage: a corrupt document yields an error
 * rather than silently dropping queued requests.
 *
 * @param text - the JSON text.
 * @returns the state.
 * @throws TypeError when the text is not a queue state.
 * @example
 * ```ts
 * const state = parseState(localStorage.getItem('healthtrace:queue') ?? '{"pending":[],"rejected":[]}');
 * ```
 */
export function parseState(text: string): QueueState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError('queue state is not valid JSON', { cause: error });
  }
  const v = value as Partial<QueueState> | null;
  if (!v || !Array.isArray(v.pending) || !Array.isArray(v.rejected))
    throw new TypeError('queue state must have pending and rejected arrays');
  for (const item of [...v.pending, ...v.rejected]) {
    if (typeof item?.id !== 'string' || (item.kind !== 'declaration' && item.kind !== 'check-in')) {
      throw new TypeError('queue state has a malformed entry');
    }
  }
  return v as QueueState;
}

/** Options of {@link OfflineQueue}. */
export interface OfflineQueueOptions {
  /** Where the queue lives (default {@link memoryStorage}). */
  storage?: QueueStorage;
  /** Delivers one request; decides delivered / rejected / retry. */
  send: (item: QueuedRequest) => Promise<DeliveryOutcome>;
  /** Generates ids (default `crypto.randomUUID`). */
  newId?: () => string;
  /** Clock (default `() => new Date()`). */
  now?: () => Date;
}

/**
 * A durable FIFO of requests to deliver exactly once. Operations are serialised, so a
 * flush never sends one entry twice at the same time and entries go out in order.
 *
 * @example
 * ```ts
 * const queue = new OfflineQueue({ storage: memoryStorage(), send: async (item) => ({ result: 'delivered' }) });
 * await queue.enqueue('declaration', { type: 'daily', data: { ... } });
 * const { delivered } = await queue.flush();
 * ```
 */
export class OfflineQueue {
  readonly #storage: QueueStorage;
  readonly #send: OfflineQueueOptions['send'];
  readonly #newId: () => string;
  readonly #now: () => Date;
  #tail: Promise<unknown> = Promise.resolve();
  #timer: ReturnType<typeof setInterval> | undefined;
  #onOnline: (() => void) | undefined;

  /**
   * @param options - storage, sender, id generator and clock.
   */
  constructor(options: OfflineQueueOptions) {
    this.#storage = options.storage ?? memoryStorage();
    this.#send = options.send;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.#now = options.now ?? (() => new Date());
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task, task);
    this.#tail = run.catch(() => {});
    return run;
  }

  /**
   * Persists a request for delivery (nothing is sent yet).
   *
   * @param kind - `"declaration"` or `"check-in"`.
   * @param body - the JSON body.
   * @returns the queued entry (its `id` is the Idempotency-Key).
   */
  enqueue(kind: QueuedKind, body: unknown): Promise<QueuedRequest> {
    return this.#serial(async () => {
      const state = await this.#storage.load();
      const item: QueuedRequest = {
        id: this.#newId(),
        kind,
        body: structuredClone(body),
        enqueuedAt: this.#now().toISOString(),
        attempts: 0,
      };
      state.pending.push(item);
      await this.#storage.save(state);
      return item;
    });
  }

  /**
   * Delivers pending requests in order until one must be retried later.
   *
   * @returns what was delivered, rejected and what remains.
   */
  flush(): Promise<FlushResult> {
    return this.#serial(async () => {
      const result: FlushResult = { delivered: [], rejected: [], remaining: 0 };
      const state = await this.#storage.load();
      while (state.pending.length > 0) {
        const item = state.pending[0] as QueuedRequest;
        item.attempts++;
        let outcome: DeliveryOutcome;
        try {
          outcome = await this.#send(item);
        } catch (error) {
          outcome = { result: 'retry', reason: error instanceof Error ? error.name : 'error' };
        }
        if (outcome.result === 'retry') {
          item.lastError = outcome.reason;
          break;
        }
        state.pending.shift();
        if (outcome.result === 'delivered') result.delivered.push(item.id);
        else {
          state.rejected.push({ ...item, status: outcome.status, ...(outcome.problem === undefined ? {} : { problem: outcome.problem }) });
          result.rejected.push(item.id);
        }
        // Persist after every entry: a crash now re-sends at most this entry, which the
        // server recognises by its Idempotency-Key.
        await this.#storage.save(state);
      }
      await this.#storage.save(state);
      result.remaining = state.pending.length;
      return result;
    });
  }

  /**
   * The pending requests, oldest first (a copy; for display and diagnostics).
   *
   * @returns the pending entries.
   */
  async pending(): Promise<QueuedRequest[]> {
    return (await this.#serial(() => this.#storage.load())).pending;
  }

  /**
   * Requests the server refused for good, with the problem it returned.
   *
   * @returns the rejected entries.
   */
  async rejected(): Promise<RejectedRequest[]> {
    return (await this.#serial(() => this.#storage.load())).rejected;
  }

  /**
   * Flushes now, then every `intervalMs` and whenever the browser reports it is back online.
   *
   * @param intervalMs - period of background flushes (default 30,000).
   */
  start(intervalMs = 30_000): void {
    this.stop();
    const tick = (): void => {
      this.flush().catch(() => {});
    };
    this.#timer = setInterval(tick, intervalMs);
    (this.#timer as { unref?: () => void }).unref?.();
    const target = globalThis as { addEventListener?: (type: string, fn: () => void) => void };
    if (typeof target.addEventListener === 'function') {
      this.#onOnline = tick;
      target.addEventListener('online', tick);
    }
    tick();
  }

  /** Stops background flushing started by {@link OfflineQueue.start}. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#onOnline) {
      (globalThis as { removeEventListener?: (type: string, fn: () => void) => void }).removeEventListener?.('online', this.#onOnline);
      this.#onOnline = undefined;
    }
  }
}
