/**
 * A virtual phone: what a GAEN app does on the device, composed from the SDK packages. It keeps its Temporary
 * Exposure Keys in a `TekKeyStore` (`@healthtrace/rolling-id`), advertises the real 31-byte BLE advertisement of the
 * current interval (`buildGaenAdvert`), logs what it hears (`sightingFromAdvert` → `SightingLog`), and later matches
 * downloaded, verified key files against its log (`matchGaen`) and scores the result (`dailySummaries`).
 */
import {
  buildGaenAdvert,
  type DailySummariesConfig,
  type DailySummary,
  dailySummaries,
  defaultCalibrationTable,
  type GaenMatchResult,
  type KeyFileInput,
  matchGaen,
  SightingLog,
  sightingFromAdvert,
} from '@healthtrace/encounters';
import {
  deriveTekKeys,
  encodeMetadata,
  encryptAem,
  intervalNumber,
  rpiForInterval,
  TekKeyStore,
  type TemporaryExposureKey,
  type VerificationKey,
} from '@healthtrace/rolling-id';

/** A notification shown to the user. */
export interface ExposureNotification {
  /** Day of the exposure (YYYY-MM-DD, UTC). */
  day: string;
  /** Attenuation-weighted minutes of exposure that day. */
  weightedMinutes: number;
  /** The text shown. */
  message: string;
}

/** The app's risk policy: a GAEN v2 daily-summaries config and the daily score that triggers a notification. */
export interface RiskPolicy {
  /** The scoring config (thresholds and weights). */
  config: DailySummariesConfig;
  /** Notify when a day's `scoreSum` (weighted seconds) reaches this (GAEN apps commonly use 15 minutes). */
  dailyThresholdSeconds: number;
}

/** A phone in the emulator. */
export class VirtualPhone {
  /** Display name. */
  readonly name: string;
  /** Phone model (looked up in the calibration table for TX power and RSSI correction). */
  readonly model: string;
  /** The key store (daily keys, 14 days retention). */
  readonly keys: TekKeyStore;
  /** Everything this phone heard. */
  readonly log: SightingLog = new SightingLog();
  /** Notifications shown. */
  readonly notifications: ExposureNotification[] = [];
  readonly #now: () => number;

  /**
   * @param name - display name.
   * @param model - phone model, e.g. `Pixel 4`.
   * @param now - the shared clock (Unix ms).
   */
  constructor(name: string, model: string, now: () => number) {
    this.name = name;
    this.model = model;
    this.#now = now;
    this.keys = new TekKeyStore({ now });
  }

  /**
   * The BLE advertisement this phone sends now: RPI of the current 10-minute interval and the AEM carrying its
   * calibrated TX power (metadata v1.1).
   *
   * @returns the 31 advertisement bytes (Flags, 16-bit UUID list `FD6F`, service data RPI ‖ AEM).
   */
  advertisement(): Uint8Array {
    const tek = this.keys.currentKey();
    const { rpik, aemk } = deriveTekKeys(tek.keyData);
    const rpi = rpiForInterval(rpik, intervalNumber(this.#now()));
    const { tx, confidence } = defaultCalibrationTable().lookup(this.model);
    const aem = encryptAem(aemk, rpi, encodeMetadata({ txPowerDbm: tx, calibrationConfidence: confidence }));
    return buildGaenAdvert(rpi, aem);
  }

  /**
   * A scan heard an advertisement at the given signal strength.
   *
   * @param advert - the advertisement bytes.
   * @param rssi - received signal strength (dBm).
   * @returns whether it was a GAEN advertisement (and was logged).
   */
  hear(advert: Uint8Array, rssi: number): boolean {
    const sighting = sightingFromAdvert(advert, { time: this.#now(), rssi, scannerModel: this.model });
    if (sighting) this.log.add(sighting);
    return sighting !== null;
  }

  /**
   * The keys to share after a positive test (every key that has rolled; today's is kept until it rolls).
   *
   * @returns the keys.
   */
  keysForUpload(): TemporaryExposureKey[] {
    return this.keys.keysForUpload();
  }

  /**
   * Matches verified key files against the sightings, scores each day and notifies when a day reaches the
   * policy's threshold.
   *
   * @param files - downloaded key files (zips or parsed files).
   * @param publicKeys - the server's export signing keys (every file must verify).
   * @param policy - scoring config and threshold.
   * @returns the match result and the daily summaries.
   */
  async checkExposure(
    files: Iterable<KeyFileInput> | AsyncIterable<KeyFileInput>,
    publicKeys: VerificationKey[],
    policy: RiskPolicy,
  ): Promise<{ match: GaenMatchResult; days: DailySummary[] }> {
    const match = await matchGaen(this.log, files, { publicKeys });
    const days = dailySummaries(match.exposureWindows, policy.config, { nowMs: this.#now() });
    for (const day of days) {
      if (day.scoreSum < policy.dailyThresholdSeconds) continue;
      const date = new Date(day.dateMs).toISOString().slice(0, 10);
      const weightedMinutes = Math.round(day.scoreSum / 60);
      this.notifications.push({
        day: date,
        weightedMinutes,
        message: `Possible exposure to COVID-19 on ${date} (${weightedMinutes} weighted minutes nearby). Please get tested.`,
      });
    }
    return { match, days };
  }
}
