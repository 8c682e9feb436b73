/**
 * Where a sighting came from:
 * - `gaen-advert`: a GAEN advertisement (`id` = the 16-byte RPI, `aem` = the 4-byte AEM);
 * - `bluezone-advert`: a Bluezone Android advertisement (`id` = the 12-byte BLID from manufacturer data 8885);
 * - `bluezone-gatt`: a Bluezone iOS peer whose 12-byte BLID was read over GATT after connecting.
 */
export type SightingSource = 'gaen-advert' | 'bluezone-advert' | 'bluezone-gatt';

/** Every {@link SightingSource}, in their storage order. */
export const SIGHTING_SOURCES: readonly SightingSource[] = ['gaen-advert', 'bluezone-advert', 'bluezone-gatt'];

/** One received advertisement (or GATT read), as a phone logs it. */
export interface Sighting {
  /** Reception time, Unix milliseconds. */
  time: number;
  /** The rolling identifier heard: a 16-byte GAEN RPI or a 12-byte Bluezone BLID. */
  id: Uint8Array;
  /** The 4-byte GAEN associated encrypted metadata, when the source carries one. */
  aem?: Uint8Array | undefined;
  /** Received signal strength, dBm (an integer in [−127, 127]). */
  rssi: number;
  /** Model of the phone that scanned (used to look up its RSSI correction), when known. */
  scannerModel?: string | undefined;
  /** What kind of advertisement this was. */
  source: SightingSource;
}
