/**
 * Optional Node built-ins, loaded without a static import (`process.getBuiltinModule`, Node ≥ 20.16) so that browser
 * and React Native bundles never pull them in. Every caller keeps a portable fallback and the two paths are tested to
 * agree; the native ones are used only because they are several times faster on the matching hot path.
 *
 * @internal
 */

/** The parts of `node:crypto` used here (typed locally so browser builds need no Node types). */
export interface NodeCryptoSubset {
  createPublicKey(options: { key: Uint8Array; format: 'der'; type: 'spki' }): unknown;
  verify(algorithm: string, data: Uint8Array, key: { key: unknown; dsaEncoding: 'der' }, signature: Uint8Array): boolean;
}

/** The parts of `node:zlib` used here. */
export interface NodeZlibSubset {
  inflateRawSync(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
  crc32?: (data: Uint8Array, value?: number) => number;
}

/**
 * A Node built-in module by id, or `undefined` outside Node or when `probe` rejects it.
 *
 * @internal
 */
export function loadBuiltin<T>(id: string, probe: (m: Partial<T>) => boolean): T | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.(id) as Partial<T> | undefined;
    return mod !== undefined && probe(mod) ? (mod as T) : undefined;
  } catch {
    return undefined;
  }
}

let cryptoLoaded = false;
let cryptoMod: NodeCryptoSubset | undefined;
let zlibLoaded = false;
let zlibMod: NodeZlibSubset | undefined;
let disabled = false;

/** `node:crypto` (verify and public keys), or `undefined` outside Node or while native helpers are disabled. @internal */
export function nodeCrypto(): NodeCryptoSubset | undefined {
  if (disabled) return undefined;
  if (!cryptoLoaded) {
    cryptoLoaded = true;
    cryptoMod = loadBuiltin<NodeCryptoSubset>(
      'node:crypto',
      (m) => typeof m.verify === 'function' && typeof m.createPublicKey === 'function',
    );
  }
  return cryptoMod;
}

/** `node:zlib`, or `undefined` outside Node or while native helpers are disabled. @internal */
export function nodeZlib(): NodeZlibSubset | undefined {
  if (disabled) return undefined;
  if (!zlibLoaded) {
    zlibLoaded = true;
    zlibMod = loadBuiltin<NodeZlibSubset>('node:zlib', (m) => typeof m.inflateRawSync === 'function');
  }
  return zlibMod;
}

/** Turns the native helpers off (`true`) or back on, so tests can run the portable fallbacks under Node. @internal */
export function disableNodeBuiltins(value: boolean): void {
  disabled = value;
}
