import { HealthtraceError } from '@healthtrace/core';
import { disableNodeBuiltins, loadBuiltin } from '../node-builtins';
import { encryptPaddedRange, encryptWords, expandKey128 } from './aes-fast';

/** Name of a crypto backend: `portable` (pure JS, runs anywhere) or `node` (`node:crypto`, native AES). */
export type CryptoBackendName = 'portable' | 'node';

/** The parts of `node:crypto` the Node backend uses (typed locally so browser builds need no Node types). */
interface NodeCipher {
  update(data: Uint8Array): Uint8Array;
}
interface NodeCryptoModule {
  createCipheriv(algorithm: string, key: Uint8Array, iv: Uint8Array | null): NodeCipher;
}

/** What a backend provides; both produce identical bytes (tested). @internal */
export interface CryptoBackend {
  readonly name: CryptoBackendName;
  /** RPIs of intervals `start..start+count-1` under `rpik`, written to `out` at `offset`. */
  rpis(rpik: Uint8Array, start: number, count: number, out: Uint8Array, offset: number): void;
  /** One AES-128 block encryption (`block` 16 bytes). */
  encryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array;
}

/** Round-key scratch of the portable backend; wiped after each use. */
const RK = new Int32Array(44);

const portable: CryptoBackend = {
  name: 'portable',
  rpis(rpik, start, count, out, offset) {
    expandKey128(rpik, RK);
    encryptPaddedRange(RK, start, count, out, offset);
    RK.fill(0);
  },
  encryptBlock(key, block) {
    const out = new Uint8Array(16);
    expandKey128(key, RK);
    const w = (o: number): number => (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
    encryptWords(RK, w(0), w(4), w(8), w(12), out, 0);
    RK.fill(0);
    return out;
  },
};

/** Loads `node:crypto` without a static import, so that browser bundles never pull it in. */
function loadNodeCrypto(): NodeCryptoModule | undefined {
  return loadBuiltin<NodeCryptoModule>('node:crypto', (m) => typeof m.createCipheriv === 'function');
}

/** PaddedData blocks for a run of intervals; the prefix is written once, only the ENINs are rewritten. */
let padded = new Uint8Array(0);
let paddedView = new DataView(padded.buffer);
let validStart = -1;
let validCount = 0;
let view: Uint8Array = padded;

function paddedBlocks(start: number, count: number): Uint8Array {
  if (count * 16 > padded.length) {
    const size = Math.max(count, 144);
    padded = new Uint8Array(size * 16);
    paddedView = new DataView(padded.buffer);
    for (let j = 0; j < size; j++) padded.set([0x45, 0x4e, 0x2d, 0x52, 0x50, 0x49], 16 * j); // "EN-RPI", then six zero bytes
    validStart = -1;
  }
  if (start !== validStart || count !== validCount) {
    for (let j = 0; j < count; j++) paddedView.setUint32(16 * j + 12, (start + j) >>> 0, true);
    validStart = start;
    validCount = count;
    view = padded.subarray(0, count * 16);
  }
  return view;
}

function nodeBackend(nodeCrypto: NodeCryptoModule): CryptoBackend {
  return {
    name: 'node',
    rpis(rpik, start, count, out, offset) {
      if (count === 0) return;
      // All blocks in one native call; ECB encryption returns every full block from update().
      const cipher = nodeCrypto.createCipheriv('aes-128-ecb', rpik, null);
      out.set(cipher.update(paddedBlocks(start, count)), offset);
    },
    encryptBlock(key, block) {
      const cipher = nodeCrypto.createCipheriv('aes-128-ecb', key, null);
      return new Uint8Array(cipher.update(block));
    },
  };
}

let nodeChecked = false;
let nodeImpl: CryptoBackend | undefined;

/** The Node backend if `node:crypto` is present and passes a known-answer self-test. */
function getNodeBackend(): CryptoBackend | undefined {
  if (!nodeChecked) {
    nodeChecked = true;
    const mod = loadNodeCrypto();
    if (mod) {
      try {
        const candidate = nodeBackend(mod);
        // Known answer: the official GAEN vector (RPIK 185ad91d…, ENIN 2642976 → RPI 8be6cd37…).
        const rpik = new Uint8Array([0x18, 0x5a, 0xd9, 0x1d, 0xb6, 0x9e, 0xc7, 0xdd, 0x04, 0x89, 0x60, 0xf1, 0xf3, 0xba, 0x61, 0x75]);
        const a = new Uint8Array(16);
        const b = new Uint8Array(16);
        candidate.rpis(rpik, 2642976, 1, a, 0);
        portable.rpis(rpik, 2642976, 1, b, 0);
        if (a.every((v, i) => v === b[i]) && a[0] === 0x8b) nodeImpl = candidate;
      } catch {
        nodeImpl = undefined;
      }
    }
  }
  return nodeImpl;
}

let forced: CryptoBackendName | undefined;

/**
 * The backend in use. @internal
 */
export function activeBackend(): CryptoBackend {
  if (forced === 'portable') return portable;
  return getNodeBackend() ?? portable;
}

/**
 * Chooses the crypto backend. `auto` (the default) uses `node:crypto` when it is present
 * (Node, Bun, Deno) and the portable JS implementation otherwise (browsers, React Native).
 * Both give identical bytes. `portable` also makes key-file signature checks and zip reading use their
 * pure-JS code (`@noble/curves`, `fflate`) instead of `node:crypto` and `node:zlib`.
 * Prefix-filtered matching ({@link deriveRpisMatchingPrefix}) always runs its JS kernel.
 *
 * @param backend - `auto`, `portable` or `node`.
 * @throws TypeError when `backend` is not one of the three names.
 * @throws HealthtraceError `rolling-id/backend-unavailable` when `node` is requested but `node:crypto` is absent.
 * @example
 * ```ts
 * setCryptoBackend('portable'); // e.g. to compare speed
 * ```
 */
export function setCryptoBackend(backend: 'auto' | 'portable' | 'node'): void {
  disableNodeBuiltins(backend === 'portable');
  if (backend === 'auto') forced = undefined;
  else if (backend === 'portable') forced = 'portable';
  else if (backend === 'node') {
    if (!getNodeBackend()) throw new HealthtraceError('rolling-id/backend-unavailable', 'node:crypto is not available in this runtime');
    forced = 'node';
  } else throw new TypeError(`backend must be "auto", "portable" or "node", got ${String(backend)}`);
}

/**
 * The backend that GAEN derivations currently use.
 *
 * @returns `node` or `portable`.
 * @example
 * ```ts
 * console.log(getCryptoBackend()); // "node" under Node.js
 * ```
 */
export function getCryptoBackend(): CryptoBackendName {
  return activeBackend().name;
}
