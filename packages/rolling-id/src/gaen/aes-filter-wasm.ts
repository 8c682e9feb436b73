/**
 * The WebAssembly build of the prefix-filtered RPI kernel (source: wasm/aes-filter.ts, AssemblyScript). Why: the JS
 * kernel is fast only while V8 treats its T-tables as constants, which it does on Node's main thread but not in
 * worker threads (~18 % slower there); WebAssembly runs at one speed on every thread, slightly faster than the JS
 * kernel on the main thread. Used by {@link createRpiPrefixScanner} when `WebAssembly` is present on a little-endian
 * platform, otherwise the JS kernel runs; both give the same bytes (tested).
 */
import { base64ToBytes } from '@healthtrace/core';
import { aesTables } from './aes-fast';
import { AES_FILTER_WASM_BASE64 } from './aes-filter-wasm.generated';

/** Byte offsets in the module's memory (see wasm/aes-filter.ts). */
const SBOX_AT = 4096;
const RK_AT = 4352;
const FILTER_AT = 4608;
const OUT_AT = 135680;
const INTS_AT = 152064;
/** Most intervals one `scan` call takes. */
const CHUNK = 1024;

/** An instantiated kernel. @internal */
export interface WasmFilterKernel {
  bytes: Uint8Array;
  words: Int32Array;
  u32: Uint32Array;
  scan: (start: number, count: number) => number;
  /** Whose filter is in the memory now. */
  owner: object | undefined;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (
    module: unknown,
    imports: object,
  ) => { exports: { scan: (a: number, b: number) => number; memory: { buffer: ArrayBuffer } } };
}

let kernel: WasmFilterKernel | null | undefined;
let enabled = true;

function instantiate(): WasmFilterKernel | null {
  try {
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (api === undefined || new Uint8Array(Uint32Array.of(1).buffer)[0] !== 1) return null;
    const instance = new api.Instance(new api.Module(base64ToBytes(AES_FILTER_WASM_BASE64)), {
      env: {
        abort(): never {
          throw new Error('the AES WebAssembly kernel aborted');
        },
      },
    });
    const buffer = instance.exports.memory.buffer;
    const bytes = new Uint8Array(buffer);
    const words = new Int32Array(buffer);
    const { te, sbox } = aesTables();
    te.forEach((table, i) => {
      words.set(table, 256 * i);
    });
    bytes.set(sbox, SBOX_AT);
    return { bytes, words, u32: new Uint32Array(buffer), scan: instance.exports.scan, owner: undefined };
  } catch {
    return null;
  }
}

/**
 * The kernel, or `undefined` where WebAssembly is missing (or turned off for tests).
 *
 * @internal
 */
export function wasmFilterKernel(): WasmFilterKernel | undefined {
  if (!enabled) return undefined;
  if (kernel === undefined) kernel = instantiate();
  return kernel ?? undefined;
}

/**
 * Turns the WebAssembly kernel off (`false`) or back on, so tests can run the JS kernel too.
 *
 * @internal
 */
export function setWasmFilterKernelEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Prefix-filtered derivation with the WebAssembly kernel; same contract as `filterPaddedRange`. `owner` identifies
 * the filter: it is copied into the module's memory only when another owner's filter is there.
 *
 * @internal
 */
export function wasmFilterScan(
  k: WasmFilterKernel,
  owner: object,
  filter: Uint8Array,
  rk: Int32Array,
  start: number,
  count: number,
  rpisOut: Uint8Array,
  intervalsOut: Uint32Array,
): number {
  if (k.owner !== owner) {
    k.bytes.set(filter, FILTER_AT);
    k.owner = owner;
  }
  k.words.set(rk, RK_AT / 4);
  let found = 0;
  for (let done = 0; done < count; done += CHUNK) {
    const m = k.scan(start + done, Math.min(CHUNK, count - done));
    if (m > 0) {
      rpisOut.set(k.bytes.subarray(OUT_AT, OUT_AT + 16 * m), 16 * found);
      intervalsOut.set(k.u32.subarray(INTS_AT / 4, INTS_AT / 4 + m), found);
      found += m;
    }
  }
  return found;
}

/**
 * Zeroes the round keys in the module's memory.
 *
 * @internal
 */
export function wipeWasmRoundKeys(k: WasmFilterKernel): void {
  k.words.fill(0, RK_AT / 4, RK_AT / 4 + 44);
}
