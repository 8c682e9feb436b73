import { CalibrationConfidence } from '../windows/types';

/** One row of a GAEN device calibration table (Google's `en-calibration-*.csv` columns). */
export interface CalibrationRow {
  /** Manufacturer, e.g. `"google"`. */
  manufacturer: string;
  /** Android device (build) name, e.g. `"flame"`. */
  device: string;
  /** Marketing model, e.g. `"Pixel 4"`. */
  model: string;
  /** RSSI correction (dB) added to the scanner's measured RSSI. */
  rssiCorrection: number;
  /** TX power (dBm) the device writes into its AEM metadata. */
  tx: number;
  /** Calibration confidence 0 LOWEST … 3 HIGH. */
  confidence: number;
}

/** What {@link CalibrationTable.lookup} found, and how. */
export interface Calibration {
  /** RSSI correction (dB). */
  rssiCorrection: number;
  /** TX power (dBm). */
  tx: number;
  /** Calibration confidence of the result (lowered for averages). */
  confidence: number;
  /** `model` (one row), `device` (average of rows of that device/model: MEDIUM), `manufacturer` (LOW) or `fleet` (LOWEST). */
  source: 'model' | 'device' | 'manufacturer' | 'fleet';
}

/** A device to look up: a model string, or any of manufacturer / device / model. */
export type DeviceQuery = string | { manufacturer?: string | undefined; device?: string | undefined; model?: string | undefined };

const norm = (s: string | undefined): string => (s ?? '').trim().toLowerCase();

function average(rows: readonly CalibrationRow[]): { rssiCorrection: number; tx: number } {
  let rssi = 0;
  let tx = 0;
  for (const r of rows) {
    rssi += r.rssiCorrection;
    tx += r.tx;
  }
  return { rssiCorrection: Math.round(rssi / rows.length), tx: Math.round(tx / rows.length) };
}

/**
 * A device calibration table with the fallback chain of microG and Google: exact model → average of rows with
 * the same device or model (MEDIUM) → manufacturer average (LOW) → fleet average (LOWEST).
 *
 * @example
 * ```ts
 * const table = defaultCalibrationTable();
 * table.lookup('Pixel 4'); // { rssiCorrection: 8, tx: -30, confidence: 3, source: 'model' }
 * table.lookup({ manufacturer: 'google', model: 'Pixel 9' }).source; // 'manufacturer'
 * ```
 */
export class CalibrationTable {
  /** The rows, as given. */
  readonly rows: readonly CalibrationRow[];
  readonly #byModel = new Map<string, CalibrationRow[]>();
  readonly #byDevice = new Map<string, CalibrationRow[]>();
  readonly #byManufacturer = new Map<string, CalibrationRow[]>();
  readonly #fleet: { rssiCorrection: number; tx: number };

  /**
   * @param rows - the calibration rows.
   * @throws RangeError when `rows` is empty (a fleet average needs at least one row).
   */
  constructor(rows: readonly CalibrationRow[]) {
    if (rows.length === 0) throw new RangeError('rows must hold at least one calibration row');
    this.rows = rows;
    const push = (map: Map<string, CalibrationRow[]>, key: string, row: CalibrationRow): void => {
      if (key === '') return;
      const list = map.get(key);
      if (list) list.push(row);
      else map.set(key, [row]);
    };
    for (const row of rows) {
      push(this.#byModel, norm(row.model), row);
      push(this.#byDevice, norm(row.device), row);
      push(this.#byManufacturer, norm(row.manufacturer), row);
    }
    this.#fleet = average(rows);
  }

  /**
   * Finds the calibration of a scanning device, falling back to averages.
   *
   * @param query - a model (or device) string, or `{manufacturer?, device?, model?}`; `undefined` gives the fleet average.
   * @returns the correction, TX power, confidence and which level of the fallback chain answered.
   * @example
   * ```ts
   * table.lookup({ manufacturer: 'samsung', device: 'SC-03K', model: 'SC-03K' });
   * ```
   */
  lookup(query?: DeviceQuery): Calibration {
    const q = typeof query === 'string' ? { model: query } : (query ?? {});
    const model = norm(q.model);
    const device = norm(q.device);
    const exact = this.#byModel.get(model) ?? [];
    const narrowed = device === '' ? exact : exact.filter((r) => norm(r.device) === device);
    const one = narrowed.length === 1 ? narrowed[0] : exact.length === 1 ? exact[0] : undefined;
    if (one) return { rssiCorrection: one.rssiCorrection, tx: one.tx, confidence: one.confidence, source: 'model' };
    const sameDevice = narrowed.length > 0 ? narrowed : exact.length > 0 ? exact : (this.#byDevice.get(device || model) ?? []);
    if (sameDevice.length === 1) {
      const r = sameDevice[0]!;
      return { rssiCorrection: r.rssiCorrection, tx: r.tx, confidence: r.confidence, source: 'model' };
    }
    if (sameDevice.length > 1) return { ...average(sameDevice), confidence: CalibrationConfidence.MEDIUM, source: 'device' };
    const oem = this.#byManufacturer.get(norm(q.manufacturer));
    if (oem) return { ...average(oem), confidence: CalibrationConfidence.LOW, source: 'manufacturer' };
    return { ...this.#fleet, confidence: CalibrationConfidence.LOWEST, source: 'fleet' };
  }
}
