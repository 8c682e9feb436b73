/**
 * Venues: registration with a signed venue QR (`@healthtrace/qr`), rotation (new presence seed,
 * new QR; the old QR stops being accepted), QR rendering and the A4 poster. The presence seed is
 * encrypted at rest, one row per generation so that warnings for past periods use the seed that was
 * in force then.
 */
import { randomBytes } from 'node:crypto';
import { bytesToHex } from '@healthtrace/core';
import { createVenueQr, QrError, VENUE_ID_LENGTH, VENUE_SEED_LENGTH } from '@healthtrace/qr';
import { renderQrSvg, renderVenuePoster } from '@healthtrace/qr/render';
import type { Queryable } from '../db/database';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { qrKeysOf } from './qr-keys';

const DAY_MS = 86_400_000;
/** Error-correction level of served venue QR codes (survives a worn or partly covered poster). */
export const VENUE_QR_ECC = 'Q' as const;

/** A validated registration. */
export interface VenueInput {
  /** Name, 1–80 characters. */
  name: string;
  /** Address, up to 160 characters. */
  address?: string | undefined;
  /** 2025 ward code. */
  wardCode?: string | undefined;
  /** Venue type 0–255. */
  type: number;
  /** Default stay in minutes (5–1440). */
  defaultDurationMinutes: number;
  /** Days the QR is valid (1–730). */
  validDays: number;
}

/** A venue as served. */
export interface VenueView {
  /** Venue id (16 hex digits, as in the QR). */
  id: string;
  /** Name. */
  name: string;
  /** Address. */
  address: string | null;
  /** 2025 ward code. */
  wardCode: string | null;
  /** Venue type. */
  type: number;
  /** Default stay. */
  defaultDurationMinutes: number;
  /** Owning tenant. */
  tenantId: string | null;
  /** Start of the QR's validity. */
  validFrom: string;
  /** End of the QR's validity (exclusive). */
  validUntil: string;
  /** The signed QR text. */
  qrText: string;
  /** Last rotation. */
  rotatedAt: string | null;
}

/** A stored venue row. */
export interface VenueRow {
  id: string;
  tenant_id: string | null;
  name: string;
  address: string | null;
  ward_code: string | null;
  type: number;
  default_duration_minutes: number;
  valid_days: number;
  valid_from: Date | string;
  valid_until: Date | string;
  qr_text: string;
  generation: number;
  rotated_at: Date | string | null;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

/**
 * The served form of a venue row.
 *
 * @param row - the row.
 * @returns the venue.
 */
export function venueView(row: VenueRow): VenueView {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    wardCode: row.ward_code,
    type: row.type,
    defaultDurationMinutes: row.default_duration_minutes,
    tenantId: row.tenant_id,
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
    qrText: row.qr_text,
    rotatedAt: row.rotated_at === null ? null : iso(row.rotated_at),
  };
}

/** The AAD of a venue seed generation. */
export const seedAad = (venueId: string, generation: number): string => `venue_seeds:${venueId}:${generation}`;

/** The QR's base URL: `<publicBaseUrl>/v`. */
function qrBaseUrl(deps: ServerDeps): string {
  return `${deps.config.publicBaseUrl.replace(/\/+$/, '')}/v`;
}

function issue(
  deps: ServerDeps,
  venueId: Uint8Array,
  seed: Uint8Array,
  input: VenueInput,
  now: Date,
): { text: string; validFrom: Date; validUntil: Date } {
  // The QR's duration field counts 5-minute units up to 1275 minutes; longer stays are capped there.
  const minutes = Math.min(1275, Math.floor(input.defaultDurationMinutes / 5) * 5);
  try {
    const { text, venue } = createVenueQr(
      {
        name: input.name,
        ...(input.address === undefined ? {} : { address: input.address }),
        ...(input.wardCode === undefined ? {} : { wardCode: input.wardCode }),
        validFrom: now,
        validUntil: new Date(now.getTime() + (input.validDays - 1) * DAY_MS),
        venueType: input.type,
        defaultCheckInMinutes: minutes,
        venueId,
        seed,
      },
      qrKeysOf(deps).issuerSecretKey,
      { baseUrl: qrBaseUrl(deps) },
    );
    return { text, validFrom: venue.validFrom, validUntil: venue.validUntil };
  } catch (error) {
    if (error instanceof QrError && error.code === 'qr/too-large') {
      throw new HttpProblem(422, 'validation-failed', 'The venue does not fit a venue QR', {
        issues: [{ code: 'venue/too-large', path: ['name'], message: error.message }],
      });
    }
    throw error;
  }
}

/**
 * Registers a venue and signs its QR.
 *
 * @param tx - the transaction.
 * @param deps - the server's dependencies.
 * @param input - the validated registration.
 * @param tenantId - the owning tenant, or `null`.
 * @returns the venue.
 */
export async function registerVenue(tx: Queryable, deps: ServerDeps, input: VenueInput, tenantId: string | null): Promise<VenueView> {
  const now = deps.now();
  const venueIdBytes = new Uint8Array(randomBytes(VENUE_ID_LENGTH));
  const seed = new Uint8Array(randomBytes(VENUE_SEED_LENGTH));
  const id = bytesToHex(venueIdBytes);
  const qr = issue(deps, venueIdBytes, seed, input, now);
  const inserted = await tx.query<VenueRow>(
    `INSERT INTO venues (id, tenant_id, name, address, ward_code, type, default_duration_minutes, valid_days, valid_from, valid_until,
       qr_text, generation, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12) RETURNING *`,
    [
      id,
      tenantId,
      input.name,
      input.address ?? null,
      input.wardCode ?? null,
      input.type,
      input.defaultDurationMinutes,
      input.validDays,
      qr.validFrom.toISOString(),
      qr.validUntil.toISOString(),
      qr.text,
      now.toISOString(),
    ],
  );
  await tx.query('INSERT INTO venue_seeds (venue_id, generation, seed_enc, active_from) VALUES ($1, 1, $2, $3)', [
    id,
    deps.cipher.encrypt(bytesToHex(seed), seedAad(id, 1)),
    now.toISOString(),
  ]);
  return venueView(inserted.rows[0] as VenueRow);
}

/**
 * A venue row.
 *
 * @param db - where to read.
 * @param id - the venue id.
 * @param lock - lock the row (`FOR UPDATE`).
 * @returns the row or `undefined`.
 */
export async function findVenue(db: Queryable, id: string, lock = false): Promise<VenueRow | undefined> {
  const result = await db.query<VenueRow>(`SELECT * FROM venues WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return result.rows[0];
}

/**
 * Rotates a venue: a new seed generation and a freshly signed QR with the same venue id.
 *
 * @param deps - the server's dependencies.
 * @param row - the venue (read under lock in the same transaction).
 * @param tx - the transaction.
 * @returns the rotated venue.
 */
export async function rotateVenue(tx: Queryable, deps: ServerDeps, row: VenueRow): Promise<VenueView> {
  const now = deps.now();
  const seed = new Uint8Array(randomBytes(VENUE_SEED_LENGTH));
  const generation = row.generation + 1;
  const qr = issue(
    deps,
    new Uint8Array(Buffer.from(row.id, 'hex')),
    seed,
    {
      name: row.name,
      address: row.address ?? undefined,
      wardCode: row.ward_code ?? undefined,
      type: row.type,
      defaultDurationMinutes: row.default_duration_minutes,
      validDays: row.valid_days,
    },
    now,
  );
  await tx.query('UPDATE venue_seeds SET active_until = $3 WHERE venue_id = $1 AND generation = $2', [
    row.id,
    row.generation,
    now.toISOString(),
  ]);
  await tx.query('INSERT INTO venue_seeds (venue_id, generation, seed_enc, active_from) VALUES ($1, $2, $3, $4)', [
    row.id,
    generation,
    deps.cipher.encrypt(bytesToHex(seed), seedAad(row.id, generation)),
    now.toISOString(),
  ]);
  const updated = await tx.query<VenueRow>(
    `UPDATE venues SET qr_text = $2, generation = $3, valid_from = $4, valid_until = $5, rotated_at = $6 WHERE id = $1 RETURNING *`,
    [row.id, qr.text, generation, qr.validFrom.toISOString(), qr.validUntil.toISOString(), now.toISOString()],
  );
  return venueView(updated.rows[0] as VenueRow);
}

/** A seed generation, decrypted. */
export interface SeedGeneration {
  /** Generation number (1 = at registration). */
  generation: number;
  /** 16-byte seed. */
  seed: Uint8Array;
  /** When it came into force. */
  activeFrom: Date;
  /** When it was replaced (`null` for the current one). */
  activeUntil: Date | null;
}

/**
 * The seed generations of a venue, oldest first.
 *
 * @param db - where to read.
 * @param deps - the server's dependencies.
 * @param venueId - the venue.
 * @returns the generations.
 */
export async function seedGenerations(db: Queryable, deps: ServerDeps, venueId: string): Promise<SeedGeneration[]> {
  const result = await db.query<{ generation: number; seed_enc: string; active_from: Date | string; active_until: Date | string | null }>(
    'SELECT generation, seed_enc, active_from, active_until FROM venue_seeds WHERE venue_id = $1 ORDER BY generation',
    [venueId],
  );
  return result.rows.map((r) => ({
    generation: r.generation,
    seed: new Uint8Array(Buffer.from(deps.cipher.decrypt(r.seed_enc, seedAad(venueId, r.generation)), 'hex')),
    activeFrom: new Date(r.active_from),
    activeUntil: r.active_until === null ? null : new Date(r.active_until),
  }));
}

/** The served QR of a venue. */
export interface VenueQrView {
  /** QR text. */
  text: string;
  /** SVG of the symbol. */
  svg: string;
  /** A4 poster SVG, when asked for. */
  posterSvg?: string;
  /** QR version. */
  qrVersion: number;
  /** Error-correction level. */
  ecc: 'L' | 'M' | 'Q' | 'H';
}

/**
 * Renders a venue's QR (and the A4 poster, written through the blob store as
 * `posters/<venueId>-<generation>.svg` and reused until the next rotation).
 *
 * @param deps - the server's dependencies.
 * @param row - the venue.
 * @param poster - include the poster.
 * @returns text, SVG, version and ECC.
 */
export async function venueQr(deps: ServerDeps, row: VenueRow, poster: boolean): Promise<VenueQrView> {
  const { svg, version, ecc } = renderQrSvg(row.qr_text, { ecc: VENUE_QR_ECC });
  const out: VenueQrView = { text: row.qr_text, svg, qrVersion: version, ecc };
  if (poster) {
    const key = posterKey(row.id, row.generation);
    const stored = await deps.blobs.get(key);
    if (stored) out.posterSvg = Buffer.from(stored).toString('utf8');
    else {
      out.posterSvg = renderVenuePoster(row.qr_text, { size: 'A4', ecc: VENUE_QR_ECC }).svg;
      await deps.blobs.put(key, new Uint8Array(Buffer.from(out.posterSvg, 'utf8')));
    }
  }
  return out;
}

/**
 * Blob key of a venue poster.
 *
 * @param venueId - the venue.
 * @param generation - the seed generation.
 * @returns the key.
 */
export const posterKey = (venueId: string, generation: number): string => `posters/${venueId}-${generation}.svg`;
