/**
 * Corona-Warn-App event/location QR: `https://e.coronawarn.app?v=1#<base64url protobuf QRCodePayload>`.
 * Messages from corona-warn-app/cwa-event-qr-code `proto/internal/pt/trace_location.proto`; location id from
 * corona-warn-app/cwa-documentation `event_registration.md`.
 */

import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { bytesToHex, concatBytes, utf8ToBytes } from '@healthtrace/core';
import { decodeBase64, decodeUtf8, fail, sha256Bytes, startsWithIgnoreCase } from './common';
import { type DecodeResult, QrDecodeError } from './types';

/** Format identifier of {@link decodeCwaEvent} results. */
export const CWA_EVENT_FORMAT = 'cwa-event' as const;
const FORMAT = CWA_EVENT_FORMAT;
const HOST = 'https://e.coronawarn.app';
const GUID_PREFIX: Uint8Array = utf8ToBytes('CWA-GUID');

/** `TraceLocationType` names, indexed by value. */
export const CWA_LOCATION_TYPES: readonly string[] = [
  'LOCATION_TYPE_UNSPECIFIED',
  'LOCATION_TYPE_PERMANENT_OTHER',
  'LOCATION_TYPE_TEMPORARY_OTHER',
  'LOCATION_TYPE_PERMANENT_RETAIL',
  'LOCATION_TYPE_PERMANENT_FOOD_SERVICE',
  'LOCATION_TYPE_PERMANENT_CRAFT',
  'LOCATION_TYPE_PERMANENT_WORKPLACE',
  'LOCATION_TYPE_PERMANENT_EDUCATIONAL_INSTITUTION',
  'LOCATION_TYPE_PERMANENT_PUBLIC_BUILDING',
  'LOCATION_TYPE_TEMPORARY_CULTURAL_EVENT',
  'LOCATION_TYPE_TEMPORARY_CLUB_ACTIVITY',
  'LOCATION_TYPE_TEMPORARY_PRIVATE_EVENT',
  'LOCATION_TYPE_TEMPORARY_WORSHIP_SERVICE',
];

/**
 * Whether `text` looks like a CWA event URL (official host, or a vendor URL carrying `/CWA1/`).
 *
 * @param text - scanned text.
 * @returns `true` when the CWA decoder should be tried.
 * @example
 * ```ts
 * isCwaEvent('https://e.coronawarn.app?v=1#CAES…'); // true
 * ```
 */
export function isCwaEvent(text: string): boolean {
  return startsWithIgnoreCase(text, HOST) || (startsWithIgnoreCase(text, 'https://') && text.includes('/CWA1/'));
}

/**
 * The CWA location id of a `QRCodePayload`: SHA-256(`"CWA-GUID"` ‖ payload bytes).
 *
 * @param payload - the serialised `QRCodePayload`.
 * @returns the 32-byte location id.
 * @throws TypeError when `payload` is not a `Uint8Array`.
 * @example
 * ```ts
 * bytesToHex(cwaLocationId(payload));
 * ```
 */
export function cwaLocationId(payload: Uint8Array): Uint8Array {
  return sha256Bytes(concatBytes(GUID_PREFIX, payload));
}

/**
 * The `locationIdHash` that CWA warnings publish: SHA-256(location id).
 *
 * @param locationId - the 32-byte location id.
 * @returns the 32-byte hash.
 * @throws TypeError when `locationId` is not a `Uint8Array`.
 * @example
 * ```ts
 * bytesToHex(cwaLocationIdHash(cwaLocationId(payload)));
 * ```
 */
export function cwaLocationIdHash(locationId: Uint8Array): Uint8Array {
  return sha256Bytes(concatBytes(locationId));
}

type Handler = (field: number, wireType: WireType, reader: BinaryReader) => boolean;

function readMessage(bytes: Uint8Array, what: string, handler: Handler): void {
  try {
    const reader = new BinaryReader(bytes);
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === 0) throw new RangeError('field number 0');
      if (!handler(field, wireType, reader)) reader.skip(wireType, field);
    }
  } catch (error) {
    if (error instanceof QrDecodeError) throw error;
    fail('qr/bad-structure', `${what} is not a valid protobuf message`, FORMAT, error);
  }
}

function expectWire(actual: WireType, expected: WireType, what: string): void {
  if (actual !== expected) fail('qr/bad-structure', `${what} has the wrong wire type`, FORMAT);
}

function uint64(reader: BinaryReader): number {
  const value = reader.uint64();
  const n = Number(value);
  if (!Number.isSafeInteger(n)) fail('qr/bad-field', 'timestamp out of range', FORMAT);
  return n;
}

/**
 * Decodes a Corona-Warn-App event QR and computes its location id.
 *
 * Accepts `https://e.coronawarn.app?v=1#…` and `…/?v=1#…` (host case-insensitive), vendor URLs
 * `https://<host>/…/CWA1/<payload>` (warning `vendor-url`), and both base64 alphabets with or without padding.
 * The format has no signature (`signature: "absent"`).
 *
 * Fields: `{ version, description, address, startTimestamp?, endTimestamp?, crowdNotifier: { version, publicKey,
 * cryptographicSeed, type? }, vendor?: { version, type, typeName, defaultCheckInLengthInMinutes? }, payload,
 * locationId, locationIdHash }` — byte values as lower-case hex, timestamps as Unix seconds.
 *
 * @param text - scanned text.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix`, `qr/unsupported-version`, `qr/bad-encoding`, `qr/bad-structure` or `qr/bad-field`.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * decodeCwaEvent('https://e.coronawarn.app?v=1#CAES…').fields.locationId; // "44c7df…"
 * ```
 */
export function decodeCwaEvent(text: string): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const warnings: string[] = [];
  let encoded: string;
  if (startsWithIgnoreCase(text, HOST)) {
    let rest = text.slice(HOST.length);
    if (rest.startsWith('/')) rest = rest.slice(1);
    const match = /^\?v=([0-9]+)#(.*)$/s.exec(rest);
    if (match === null) fail('qr/bad-prefix', 'CWA URL must be https://e.coronawarn.app?v=1#<payload>', FORMAT);
    if (match[1] !== '1') fail('qr/unsupported-version', `CWA URL version ${match[1]} is not supported`, FORMAT);
    encoded = match[2] as string;
  } else if (startsWithIgnoreCase(text, 'https://') && text.includes('/CWA1/')) {
    encoded = text.slice(text.lastIndexOf('/CWA1/') + 6);
    warnings.push('vendor-url');
  } else {
    return fail('qr/bad-prefix', 'not a Corona-Warn-App event URL', FORMAT);
  }
  const payload = decodeBase64(encoded, 'payload', FORMAT);
  const fields = decodeQrCodePayload(payload);
  const locationId = cwaLocationId(payload);
  fields.payload = bytesToHex(payload);
  fields.locationId = bytesToHex(locationId);
  fields.locationIdHash = bytesToHex(cwaLocationIdHash(locationId));
  return { format: FORMAT, fields, signature: 'absent', warnings };
}

function decodeQrCodePayload(payload: Uint8Array): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  let hasLocation = false;
  let hasCrowdNotifier = false;
  readMessage(payload, 'QRCodePayload', (field, wire, reader) => {
    switch (field) {
      case 1:
        expectWire(wire, WireType.Varint, 'version');
        fields.version = reader.uint32();
        return true;
      case 2:
        expectWire(wire, WireType.LengthDelimited, 'locationData');
        Object.assign(fields, decodeTraceLocation(reader.bytes()));
        hasLocation = true;
        return true;
      case 3:
        expectWire(wire, WireType.LengthDelimited, 'crowdNotifierData');
        fields.crowdNotifier = decodeCrowdNotifier(reader.bytes());
        hasCrowdNotifier = true;
        return true;
      case 4:
        expectWire(wire, WireType.LengthDelimited, 'vendorData');
        fields.vendor = decodeVendorData(reader.bytes());
        return true;
      default:
        return false;
    }
  });
  if (fields.version !== 1) fail('qr/unsupported-version', 'QRCodePayload version must be 1', FORMAT);
  if (!hasLocation || !hasCrowdNotifier) fail('qr/bad-structure', 'locationData and crowdNotifierData are required', FORMAT);
  return fields;
}

function decodeTraceLocation(bytes: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = { description: '', address: '' };
  readMessage(bytes, 'TraceLocation', (field, wire, reader) => {
    switch (field) {
      case 1:
        expectWire(wire, WireType.Varint, 'locationData.version');
        out.locationVersion = reader.uint32();
        return true;
      case 2:
      case 3:
        expectWire(wire, WireType.LengthDelimited, 'locationData text');
        out[field === 2 ? 'description' : 'address'] = decodeUtf8(reader.bytes(), 'locationData text', FORMAT);
        return true;
      case 5:
      case 6:
        expectWire(wire, WireType.Varint, 'locationData timestamp');
        out[field === 5 ? 'startTimestamp' : 'endTimestamp'] = uint64(reader);
        return true;
      default:
        return false;
    }
  });
  return out;
}

function decodeCrowdNotifier(bytes: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  readMessage(bytes, 'CrowdNotifierData', (field, wire, reader) => {
    if (field === 1 || field === 4) {
      expectWire(wire, WireType.Varint, 'crowdNotifierData varint');
      out[field === 1 ? 'version' : 'type'] = reader.uint32();
      return true;
    }
    if (field === 2 || field === 3) {
      expectWire(wire, WireType.LengthDelimited, 'crowdNotifierData bytes');
      out[field === 2 ? 'publicKey' : 'cryptographicSeed'] = bytesToHex(reader.bytes());
      return true;
    }
    return false;
  });
  return out;
}

function decodeVendorData(bytes: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  readMessage(bytes, 'CWALocationData', (field, wire, reader) => {
    if (field < 1 || field > 3) return false;
    expectWire(wire, WireType.Varint, 'vendorData field');
    const value = reader.uint32();
    if (field === 1) out.version = value;
    else if (field === 2) {
      out.type = value;
      out.typeName = CWA_LOCATION_TYPES[value] ?? 'UNKNOWN';
    } else out.defaultCheckInLengthInMinutes = value;
    return true;
  });
  return out;
}
