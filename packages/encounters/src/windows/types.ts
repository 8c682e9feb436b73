/** GAEN report types (`ReportType` in the EN API and the key-file protobuf). */
export const ReportType: {
  readonly UNKNOWN: 0;
  readonly CONFIRMED_TEST: 1;
  readonly CONFIRMED_CLINICAL_DIAGNOSIS: 2;
  readonly SELF_REPORT: 3;
  readonly RECURSIVE: 4;
  readonly REVOKED: 5;
} = { UNKNOWN: 0, CONFIRMED_TEST: 1, CONFIRMED_CLINICAL_DIAGNOSIS: 2, SELF_REPORT: 3, RECURSIVE: 4, REVOKED: 5 } as const;

/** GAEN infectiousness levels. NONE windows are dropped. */
export const Infectiousness: { readonly NONE: 0; readonly STANDARD: 1; readonly HIGH: 2 } = { NONE: 0, STANDARD: 1, HIGH: 2 } as const;

/** GAEN TX-power calibration confidence (0 LOWEST … 3 HIGH). */
export const CalibrationConfidence: { readonly LOWEST: 0; readonly LOW: 1; readonly MEDIUM: 2; readonly HIGH: 3 } = {
  LOWEST: 0,
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
} as const;

/** One scan of an exposure window, as the GAEN v2 API reports it. */
export interface ScanInstance {
  /** Rounded mean attenuation (dB) of the sightings in the scan. */
  typicalAttenuation: number;
  /** Smallest attenuation (dB) in the scan. */
  minAttenuation: number;
  /** Seconds since the previous scan (at most 300; 120 when unknown). */
  secondsSinceLastScan: number;
}

/** A GAEN v2 exposure window: up to 30 minutes of scans of one diagnosis key. */
export interface ExposureWindow {
  /** Start of the UTC day of the window, Unix ms. */
  dateMs: number;
  /** Report type of the key (1..4 after mapping). */
  reportType: number;
  /** Infectiousness of the key on that day (1 STANDARD, 2 HIGH). */
  infectiousness: number;
  /** Calibration confidence of the advertiser's TX power (from the AEM), 0..3. */
  calibrationConfidence: number;
  /** The scans, in time order. */
  scanInstances: ScanInstance[];
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/**
 * The start of the UTC day containing `ms`.
 *
 * @param ms - Unix milliseconds.
 * @returns Unix milliseconds of that day's 00:00 UTC.
 * @example
 * ```ts
 * utcDayStart(Date.UTC(2020, 3, 2, 13)); // Date.UTC(2020, 3, 2)
 * ```
 */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
