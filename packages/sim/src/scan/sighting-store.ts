/**
 * Sightings of one simulated day in typed arrays: what every phone logged in its scans.
 *
 * @packageDocumentation
 */

/** One day's sightings (one row per scan of one advertiser by one phone). */
export class SightingStore {
  /** Number of rows. */
  count = 0;
  /** Scanning phone (agent id). */
  receiver: Uint32Array;
  /** Scan start, Unix seconds. */
  time: Uint32Array;
  /** RPIs heard, 16 bytes per row. */
  rpi: Uint8Array;
  /** AEMs heard, 4 bytes per row. */
  aem: Uint8Array;
  /** Mean raw RSSI (dBm) of the packets heard in the scan. */
  rssiMean: Float32Array;
  /** Strongest raw RSSI (dBm) in the scan. */
  rssiMax: Int16Array;
  /** GAEN `secondsSinceLastScan` of the scan. */
  secondsSinceLastScan: Uint16Array;
  /** Row of the ground-truth record this sighting belongs to. */
  truth: Uint32Array;

  /**
   * @param capacity - initial number of rows.
   */
  constructor(capacity = 4096) {
    this.receiver = new Uint32Array(capacity);
    this.time = new Uint32Array(capacity);
    this.rpi = new Uint8Array(capacity * 16);
    this.aem = new Uint8Array(capacity * 4);
    this.rssiMean = new Float32Array(capacity);
    this.rssiMax = new Int16Array(capacity);
    this.secondsSinceLastScan = new Uint16Array(capacity);
    this.truth = new Uint32Array(capacity);
  }

  /**
   * Appends a row.
   *
   * @param receiver - scanning phone.
   * @param time - Unix seconds.
   * @param ids - RPI source buffer; the RPI is at `ids[16·k …]`.
   * @param aems - AEM source buffer; the AEM is at `aems[4·k …]`.
   * @param k - index into `ids`/`aems`.
   * @param rssiMean - mean raw RSSI.
   * @param rssiMax - strongest raw RSSI.
   * @param seconds - secondsSinceLastScan.
   * @param truth - ground-truth row.
   */
  push(
    receiver: number,
    time: number,
    ids: Uint8Array,
    aems: Uint8Array,
    k: number,
    rssiMean: number,
    rssiMax: number,
    seconds: number,
    truth: number,
  ): void {
    if (this.count === this.receiver.length) this.grow();
    const i = this.count++;
    this.receiver[i] = receiver;
    this.time[i] = time;
    const r = this.rpi;
    for (let j = 0; j < 16; j++) r[i * 16 + j] = ids[k * 16 + j]!;
    const m = this.aem;
    for (let j = 0; j < 4; j++) m[i * 4 + j] = aems[k * 4 + j]!;
    this.rssiMean[i] = rssiMean;
    this.rssiMax[i] = rssiMax;
    this.secondsSinceLastScan[i] = seconds;
    this.truth[i] = truth;
  }

  /**
   * @returns bytes held by the arrays.
   */
  byteLength(): number {
    return this.receiver.length * (4 + 4 + 16 + 4 + 4 + 2 + 2 + 4);
  }

  /**
   * Appends every row of another store, shifting its `truth` column by `truthOffset`.
   *
   * @param other - rows to append.
   * @param truthOffset - added to `other.truth`.
   */
  append(other: SightingStore, truthOffset: number): void {
    while (this.receiver.length < this.count + other.count) this.grow();
    const n = other.count;
    const at = this.count;
    this.receiver.set(other.receiver.subarray(0, n), at);
    this.time.set(other.time.subarray(0, n), at);
    this.rpi.set(other.rpi.subarray(0, n * 16), at * 16);
    this.aem.set(other.aem.subarray(0, n * 4), at * 4);
    this.rssiMean.set(other.rssiMean.subarray(0, n), at);
    this.rssiMax.set(other.rssiMax.subarray(0, n), at);
    this.secondsSinceLastScan.set(other.secondsSinceLastScan.subarray(0, n), at);
    for (let i = 0; i < n; i++) this.truth[at + i] = other.truth[i]! + truthOffset;
    this.count += n;
  }

  /**
   * Rebuilds a store from its structured-clone form (as received from a worker thread).
   *
   * @param raw - an object with the store's fields.
   * @returns the store.
   */
  static fromRaw(raw: SightingStore): SightingStore {
    return Object.assign(Object.create(SightingStore.prototype) as SightingStore, raw);
  }

  /** Shrinks the arrays to the rows in use (call when the day is complete). */
  trim(): void {
    const n = this.count;
    this.receiver = this.receiver.slice(0, n);
    this.time = this.time.slice(0, n);
    this.rpi = this.rpi.slice(0, n * 16);
    this.aem = this.aem.slice(0, n * 4);
    this.rssiMean = this.rssiMean.slice(0, n);
    this.rssiMax = this.rssiMax.slice(0, n);
    this.secondsSinceLastScan = this.secondsSinceLastScan.slice(0, n);
    this.truth = this.truth.slice(0, n);
  }

  private grow(): void {
    const cap = Math.max(64, this.receiver.length * 2);
    const g = <T extends Uint32Array | Uint8Array | Float32Array | Int16Array | Uint16Array>(x: T, y: T): T => {
      y.set(x);
      return y;
    };
    this.receiver = g(this.receiver, new Uint32Array(cap));
    this.time = g(this.time, new Uint32Array(cap));
    this.rpi = g(this.rpi, new Uint8Array(cap * 16));
    this.aem = g(this.aem, new Uint8Array(cap * 4));
    this.rssiMean = g(this.rssiMean, new Float32Array(cap));
    this.rssiMax = g(this.rssiMax, new Int16Array(cap));
    this.secondsSinceLastScan = g(this.secondsSinceLastScan, new Uint16Array(cap));
    this.truth = g(this.truth, new Uint32Array(cap));
  }
}
