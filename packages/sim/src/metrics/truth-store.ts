/**
 * Ground truth of every scanned direction of every contact between two app users, with the sighting
 * aggregates each studied scoring config needs (as if the advertiser had been diagnosed).
 *
 * @packageDocumentation
 */

/** Growable columns of ground-truth rows. */
export class TruthStore {
  /** Number of rows. */
  count = 0;
  /** Number of scoring configs tracked per row. */
  readonly configs: number;
  /** True distance, m. */
  distance: Float32Array;
  /** True duration, s. */
  duration: Uint32Array;
  /** Environment code. */
  environment: Uint8Array;
  /** Setting code. */
  setting: Uint8Array;
  /** Scans with at least one packet heard. */
  scans: Uint16Array;
  /** Sum of the scans' typical attenuations (dB). */
  attenuationSum: Float32Array;
  /** Weighted seconds per config (row-major: `configs` values per row). */
  weightedSeconds: Float32Array;

  /**
   * @param configs - number of scoring configs.
   * @param capacity - initial rows.
   */
  constructor(configs: number, capacity = 4096) {
    this.configs = configs;
    this.distance = new Float32Array(capacity);
    this.duration = new Uint32Array(capacity);
    this.environment = new Uint8Array(capacity);
    this.setting = new Uint8Array(capacity);
    this.scans = new Uint16Array(capacity);
    this.attenuationSum = new Float32Array(capacity);
    this.weightedSeconds = new Float32Array(capacity * configs);
  }

  /**
   * Adds a row (aggregates start at zero).
   *
   * @param distance - metres.
   * @param duration - seconds.
   * @param environment - environment code.
   * @param setting - setting code.
   * @returns the row index.
   */
  add(distance: number, duration: number, environment: number, setting: number): number {
    if (this.count === this.distance.length) this.grow();
    const i = this.count++;
    this.distance[i] = distance;
    this.duration[i] = duration;
    this.environment[i] = environment;
    this.setting[i] = setting;
    return i;
  }

  /**
   * Appends every row of another store (same number of configs).
   *
   * @param other - rows to append.
   */
  append(other: TruthStore): void {
    while (this.distance.length < this.count + other.count) this.grow();
    const n = other.count;
    const at = this.count;
    this.distance.set(other.distance.subarray(0, n), at);
    this.duration.set(other.duration.subarray(0, n), at);
    this.environment.set(other.environment.subarray(0, n), at);
    this.setting.set(other.setting.subarray(0, n), at);
    this.scans.set(other.scans.subarray(0, n), at);
    this.attenuationSum.set(other.attenuationSum.subarray(0, n), at);
    this.weightedSeconds.set(other.weightedSeconds.subarray(0, n * this.configs), at * this.configs);
    this.count += n;
  }

  /**
   * Rebuilds a store from its structured-clone form (as received from a worker thread).
   *
   * @param raw - an object with the store's fields.
   * @returns the store.
   */
  static fromRaw(raw: TruthStore): TruthStore {
    return Object.assign(Object.create(TruthStore.prototype) as TruthStore, raw);
  }

  private grow(): void {
    const cap = Math.max(64, this.distance.length * 2);
    const g = <T extends Float32Array | Uint32Array | Uint8Array | Uint16Array>(x: T, y: T): T => {
      y.set(x);
      return y;
    };
    this.distance = g(this.distance, new Float32Array(cap));
    this.duration = g(this.duration, new Uint32Array(cap));
    this.environment = g(this.environment, new Uint8Array(cap));
    this.setting = g(this.setting, new Uint8Array(cap));
    this.scans = g(this.scans, new Uint16Array(cap));
    this.attenuationSum = g(this.attenuationSum, new Float32Array(cap));
    this.weightedSeconds = g(this.weightedSeconds, new Float32Array(cap * this.configs));
  }
}
