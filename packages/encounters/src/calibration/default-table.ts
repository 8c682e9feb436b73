import { type CalibrationRow, CalibrationTable } from './table';

/**
 * The small calibration sample shipped with the package: the five rows of `calibration.json` in the healthtrace
 * conformance vectors, transcribed by microG (`play-services-nearby-core/.../DeviceInfo.kt`, commit 5a0c5e2c, "Apache-2.0
 * AND CC-BY-4.0") from Google's `en-calibration-2020-09-30.csv` (CC-BY 4.0,
 * https://developers.google.com/android/exposure-notifications/ble-attenuation-computation#device-list).
 * It is a sample: load Google's full CSV with {@link parseCalibrationCsv} for real use.
 */
export const DEFAULT_CALIBRATION_ROWS: readonly CalibrationRow[] = [
  { manufacturer: 'google', device: 'sailfish', model: 'Pixel', rssiCorrection: -3, tx: -26, confidence: 3 },
  { manufacturer: 'google', device: 'blueline', model: 'Pixel 3', rssiCorrection: 5, tx: -33, confidence: 3 },
  { manufacturer: 'google', device: 'flame', model: 'Pixel 4', rssiCorrection: 8, tx: -30, confidence: 3 },
  { manufacturer: 'samsung', device: 'SC-03K', model: 'SC-03K', rssiCorrection: 15, tx: -34, confidence: 3 },
  { manufacturer: 'huawei', device: 'HWANE', model: 'ANE-LX3', rssiCorrection: 3, tx: -3, confidence: 3 },
];

let cached: CalibrationTable | undefined;

/**
 * The default (sample) calibration table built from {@link DEFAULT_CALIBRATION_ROWS}.
 *
 * @returns a shared table instance.
 * @example
 * ```ts
 * defaultCalibrationTable().lookup('Pixel 3').rssiCorrection; // 5
 * ```
 */
export function defaultCalibrationTable(): CalibrationTable {
  cached ??= new CalibrationTable(DEFAULT_CALIBRATION_ROWS);
  return cached;
}
