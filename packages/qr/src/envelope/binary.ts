/**
 * A minimal big-endian byte writer/reader for the fixed binary layouts of the healthtrace QR
 * bodies. Hand-written: the layouts are a dozen fixed-width fields, so a CBOR dependency would
 * cost size (in bytes of the QR and of the bundle) for nothing.
 */
import { QrDecodeError } from '../decoders/types';

/** Appends fixed-width big-endian fields. */
export class ByteWriter {
  private readonly parts: number[] = [];

  /**
   * Appends one byte.
   *
   * @param value - 0–255.
   * @returns this writer.
   */
  u8(value: number): this {
    this.parts.push(value & 0xff);
    return this;
  }

  /**
   * Appends a 16-bit unsigned integer.
   *
   * @param value - 0–65535.
   * @returns this writer.
   */
  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }

  /**
   * Appends a 32-bit unsigned integer.
   *
   * @param value - 0–2^32−1.
   * @returns this writer.
   */
  u32(value: number): this {
    return this.u16(Math.floor(value / 0x10000)).u16(value & 0xffff);
  }

  /**
   * Appends raw bytes.
   *
   * @param bytes - the bytes.
   * @returns this writer.
   */
  bytes(bytes: Uint8Array): this {
    for (let i = 0; i < bytes.length; i++) this.parts.push(bytes[i] as number);
    return this;
  }

  /**
   * The bytes written so far.
   *
   * @returns a new array.
   */
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Reads fixed-width big-endian fields; running past the end throws `qr/bad-structure`. */
export class ByteReader {
  private offset = 0;

  /**
   * @param data - the bytes to read.
   * @param format - format name for error messages.
   */
  constructor(
    private readonly data: Uint8Array,
    private readonly format: string,
  ) {}

  /** Bytes left to read. */
  get remaining(): number {
    return this.data.length - this.offset;
  }

  /**
   * Reads `n` raw bytes.
   *
   * @param n - byte count.
   * @returns a copy of the bytes.
   */
  bytes(n: number): Uint8Array {
    if (this.offset + n > this.data.length) {
      throw new QrDecodeError('qr/bad-structure', `body truncated at offset ${this.offset}`, this.format);
    }
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /**
   * Reads one byte.
   *
   * @returns 0–255.
   */
  u8(): number {
    return this.bytes(1)[0] as number;
  }

  /**
   * Reads a 16-bit unsigned integer.
   *
   * @returns 0–65535.
   */
  u16(): number {
    const b = this.bytes(2);
    return ((b[0] as number) << 8) | (b[1] as number);
  }

  /**
   * Reads a 32-bit unsigned integer.
   *
   * @returns 0–2^32−1.
   */
  u32(): number {
    const b = this.bytes(4);
    return ((b[0] as number) * 0x1000000 + (((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number))) >>> 0;
  }
}
