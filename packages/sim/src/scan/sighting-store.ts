/**
 * Sightings of one simulated day in typed arrays: what every phone logged in its scans.
 *
 * Memory layout (why it is not one object per sighting, nor 16 RPI bytes per row): a phone hears the same
 * rolling identifier of a neighbour in two or three scans per 10-minute interval, and a household or an office
 * hears it from several phones. The identifiers actually heard in a day are therefore stored once, in an
 * {@link IdentifierTable} (the real RPI and AEM bytes, or the real Bluezone BLID), and each sighting row refers
 * to its identifier with a 4-byte index. A row costs 20 bytes instead of 40, which is what lets a million
 * agents keep 14 days of sightings within the memory floor of the benchmark.
 *
 * @packageDocumentation
 */

/** The distinct rolling identifiers heard during one day (real bytes, as advertised). */
export class IdentifierTable {
  /** Bytes per identifier: 16 (GAEN RPI) or 12 (Bluezone BLID). */
  readonly idLength: number;
  /** Bytes of associated encrypted metadata per identifier: 4 (GAEN AEM) or 0 (Bluezone). */
  readonly aemLength: number;
  /** Number of identifiers. */
  count: number;
  /** Identifiers, `idLength` bytes each. */
  id: Uint8Array;
  /** AEMs, `aemLength` bytes each. */
  aem: Uint8Array;
  /**
   * Bluezone only (empty for GAEN): 1 when the identifier was read over GATT from an iOS phone
   * (`bluezone-gatt`), 0 when it came in an Android advertisement (`bluezone-advert`).
   */
  gatt: Uint8Array;

  /**
   * @param idLength - bytes per identifier.
   * @param aemLength - bytes of AEM per identifier.
   * @param count - number of identifiers (the arrays are allocated zeroed).
   */
  constructor(idLength: number, aemLength: number, count: number) {
    this.idLength = idLength;
    this.aemLength = aemLength;
    this.count = count;
    this.id = new Uint8Array(count * idLength);
    this.aem = new Uint8Array(count * aemLength);
    this.gatt = new Uint8Array(aemLength === 0 ? count : 0);
  }

  /**
   * Appends an identifier (growing the arrays when full).
   *
   * @param id - `idLength` bytes.
   * @param aem - `aemLength` bytes.
   * @param gatt - Bluezone only: whether it was read over GATT from an iOS phone.
   * @returns the identifier's row.
   * @throws RangeError when a length is wrong.
   */
  append(id: Uint8Array, aem: Uint8Array = new Uint8Array(this.aemLength), gatt = false): number {
    if (id.length !== this.idLength) throw new RangeError(`id must be ${this.idLength} bytes, got ${id.length}`);
    if (aem.length !== this.aemLength) throw new RangeError(`aem must be ${this.aemLength} bytes, got ${aem.length}`);
    if ((this.count + 1) * this.idLength > this.id.length) {
      const cap = Math.max(16, this.count * 2);
      const id2 = new Uint8Array(cap * this.idLength);
      id2.set(this.id.subarray(0, this.count * this.idLength));
      this.id = id2;
      const aem2 = new Uint8Array(cap * this.aemLength);
      aem2.set(this.aem.subarray(0, this.count * this.aemLength));
      this.aem = aem2;
      if (this.aemLength === 0) {
        const gatt2 = new Uint8Array(cap);
        gatt2.set(this.gatt.subarray(0, this.count));
        this.gatt = gatt2;
      }
    }
    if (this.aemLength === 0) this.gatt[this.count] = gatt ? 1 : 0;
    this.id.set(id, this.count * this.idLength);
    this.aem.set(aem, this.count * this.aemLength);
    return this.count++;
  }

  /**
   * Rebuilds a table from its structured-clone form (as received from a worker thread).
   *
   * @param raw - an object with the table's fields.
   * @returns the table.
   */
  static fromRaw(raw: IdentifierTable): IdentifierTable {
    return Object.assign(Object.create(IdentifierTable.prototype) as IdentifierTable, raw);
  }
}

/** One day's sightings (one row per scan of one advertiser by one phone). */
export class SightingStore {
  /** Number of rows. */
  count = 0;
  /** Scanning phone (agent id). */
  receiver: Uint32Array;
  /** Scan start, Unix seconds. */
  time: Uint32Array;
  /** Row of the identifier heard in {@link SightingStore.ids}. */
  idRef: Uint32Array;
  /** Mean raw RSSI (dBm) of the packets heard in the scan. */
  rssiMean: Float32Array;
  /** Strongest raw RSSI (dBm) in the scan. */
  rssiMax: Int16Array;
  /** GAEN `secondsSinceLastScan` of the scan. */
  secondsSinceLastScan: Uint16Array;
  /** The identifiers the rows refer to. */
  ids: IdentifierTable;

  /**
   * @param capacity - initial number of rows.
   * @param ids - the identifier table (empty GAEN table by default).
   */
  constructor(capacity = 4096, ids: IdentifierTable = new IdentifierTable(16, 4, 0)) {
    this.receiver = new Uint32Array(capacity);
    this.time = new Uint32Array(capacity);
    this.idRef = new Uint32Array(capacity);
    this.rssiMean = new Float32Array(capacity);
    this.rssiMax = new Int16Array(capacity);
    this.secondsSinceLastScan = new Uint16Array(capacity);
    this.ids = ids;
  }

  /**
   * Appends a row.
   *
   * @param receiver - scanning phone.
   * @param time - Unix seconds.
   * @param idRef - row of the identifier in `ids`.
   * @param rssiMean - mean raw RSSI.
   * @param rssiMax - strongest raw RSSI.
   * @param seconds - secondsSinceLastScan.
   */
  push(receiver: number, time: number, idRef: number, rssiMean: number, rssiMax: number, seconds: number): void {
    if (this.count === this.receiver.length) this.grow();
    const i = this.count++;
    this.receiver[i] = receiver;
    this.time[i] = time;
    this.idRef[i] = idRef;
    this.rssiMean[i] = rssiMean;
    this.rssiMax[i] = rssiMax;
    this.secondsSinceLastScan[i] = seconds;
  }

  /**
   * Appends a row with its own new identifier-table entry (for building stores by hand, e.g. in tests).
   *
   * @param receiver - scanning phone.
   * @param time - Unix seconds.
   * @param id - the identifier heard.
   * @param aem - the AEM heard (GAEN) or an empty array (Bluezone).
   * @param rssiMean - mean raw RSSI.
   * @param rssiMax - strongest raw RSSI.
   * @param seconds - secondsSinceLastScan.
   * @param gatt - Bluezone only: read over GATT from an iOS phone.
   */
  pushHeard(
    receiver: number,
    time: number,
    id: Uint8Array,
    aem: Uint8Array,
    rssiMean: number,
    rssiMax: number,
    seconds: number,
    gatt = false,
  ): void {
    this.push(receiver, time, this.ids.append(id, aem, gatt), rssiMean, rssiMax, seconds);
  }

  /**
   * The identifier heard in a row (a view, not a copy).
   *
   * @param row - the row.
   * @returns `ids.idLength` bytes.
   */
  idOf(row: number): Uint8Array {
    const n = this.ids.idLength;
    const r = this.idRef[row]!;
    return this.ids.id.subarray(r * n, r * n + n);
  }

  /**
   * The AEM heard in a row (a view; empty for Bluezone).
   *
   * @param row - the row.
   * @returns `ids.aemLength` bytes.
   */
  aemOf(row: number): Uint8Array {
    const n = this.ids.aemLength;
    const r = this.idRef[row]!;
    return this.ids.aem.subarray(r * n, r * n + n);
  }

  /**
   * @returns bytes held by the rows and the identifier table.
   */
  byteLength(): number {
    return this.receiver.length * (4 + 4 + 4 + 4 + 2 + 2) + this.ids.id.length + this.ids.aem.length;
  }

  /**
   * Concatenates stores (in order) into one store of exactly the needed size; identifier tables are
   * concatenated and row references shifted.
   *
   * @param parts - the stores (all with the same identifier lengths).
   * @param idLength - bytes per identifier (used when `parts` is empty).
   * @param aemLength - AEM bytes per identifier (used when `parts` is empty).
   * @returns the combined store.
   */
  static concat(parts: readonly SightingStore[], idLength = 16, aemLength = 4): SightingStore {
    let rows = 0;
    let idCount = 0;
    for (const p of parts) {
      rows += p.count;
      idCount += p.ids.count;
    }
    const ids = new IdentifierTable(parts[0]?.ids.idLength ?? idLength, parts[0]?.ids.aemLength ?? aemLength, idCount);
    const out = new SightingStore(rows, ids);
    let at = 0;
    let idAt = 0;
    for (const p of parts) {
      const n = p.count;
      out.receiver.set(p.receiver.subarray(0, n), at);
      out.time.set(p.time.subarray(0, n), at);
      out.rssiMean.set(p.rssiMean.subarray(0, n), at);
      out.rssiMax.set(p.rssiMax.subarray(0, n), at);
      out.secondsSinceLastScan.set(p.secondsSinceLastScan.subarray(0, n), at);
      for (let i = 0; i < n; i++) out.idRef[at + i] = p.idRef[i]! + idAt;
      ids.id.set(p.ids.id.subarray(0, p.ids.count * ids.idLength), idAt * ids.idLength);
      ids.aem.set(p.ids.aem.subarray(0, p.ids.count * ids.aemLength), idAt * ids.aemLength);
      if (ids.gatt.length > 0) ids.gatt.set(p.ids.gatt.subarray(0, p.ids.count), idAt);
      at += n;
      idAt += p.ids.count;
    }
    out.count = rows;
    return out;
  }

  /**
   * Rebuilds a store from its structured-clone form (as received from a worker thread).
   *
   * @param raw - an object with the store's fields.
   * @returns the store.
   */
  static fromRaw(raw: SightingStore): SightingStore {
    const store = Object.assign(Object.create(SightingStore.prototype) as SightingStore, raw);
    store.ids = IdentifierTable.fromRaw(raw.ids);
    return store;
  }

  /** Shrinks the arrays to the rows in use (call when the day is complete). */
  trim(): void {
    const n = this.count;
    if (this.receiver.length === n) return;
    this.receiver = this.receiver.slice(0, n);
    this.time = this.time.slice(0, n);
    this.idRef = this.idRef.slice(0, n);
    this.rssiMean = this.rssiMean.slice(0, n);
    this.rssiMax = this.rssiMax.slice(0, n);
    this.secondsSinceLastScan = this.secondsSinceLastScan.slice(0, n);
  }

  /**
   * The transferable buffers of the store (for posting it from a worker thread without a copy).
   *
   * @returns the buffers.
   */
  buffers(): ArrayBuffer[] {
    return [
      this.receiver.buffer,
      this.time.buffer,
      this.idRef.buffer,
      this.rssiMean.buffer,
      this.rssiMax.buffer,
      this.secondsSinceLastScan.buffer,
      this.ids.id.buffer,
      this.ids.aem.buffer,
      this.ids.gatt.buffer,
    ] as ArrayBuffer[];
  }

  private grow(): void {
    const cap = Math.max(64, this.receiver.length * 2);
    const g = <T extends Uint32Array | Float32Array | Int16Array | Uint16Array>(x: T, y: T): T => {
      y.set(x);
      return y;
    };
    this.receiver = g(this.receiver, new Uint32Array(cap));
    this.time = g(this.time, new Uint32Array(cap));
    this.idRef = g(this.idRef, new Uint32Array(cap));
    this.rssiMean = g(this.rssiMean, new Float32Array(cap));
    this.rssiMax = g(this.rssiMax, new Int16Array(cap));
    this.secondsSinceLastScan = g(this.secondsSinceLastScan, new Uint16Array(cap));
  }
}
