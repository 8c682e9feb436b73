import type { RouteRegistration, ServerDeps } from '../http/context';
import { qrKeysOf } from '../venues/qr-keys';

/** One export-file signing key, as `GET /v1/public-keys` lists it. */
export interface ExportSigningKey {
  /** Key id (e.g. the country code or app id the exports are verified under). */
  keyId: string;
  /** Key version (`v1`…). */
  keyVersion: string;
  /** Always ECDSA P-256 with SHA-256 (`1.2.840.10045.4.3.2`). */
  algorithm: '1.2.840.10045.4.3.2';
  /** SPKI public key, PEM. */
  publicKeyPem: string;
}

/** Provides the export signing keys of a server (the key-server area installs one). */
export type ExportSigningKeysProvider = (deps: ServerDeps) => ExportSigningKey[] | Promise<ExportSigningKey[]>;

const providers = new WeakMap<ServerDeps, ExportSigningKeysProvider>();

/**
 * Installs the provider of the export-file signing keys served by `GET /v1/public-keys`. The
 * key-server area calls this from its route registration with its ECDSA P-256 signing key; until it
 * does, the list is empty.
 *
 * @param deps - the server the provider belongs to.
 * @param provider - returns the current signing keys (public halves only).
 * @example
 * ```ts
 * setExportSigningKeysProvider(deps, () => [{ keyId: '452', keyVersion: 'v1', algorithm: '1.2.840.10045.4.3.2', publicKeyPem }]);
 * ```
 */
export function setExportSigningKeysProvider(deps: ServerDeps, provider: ExportSigningKeysProvider): void {
  providers.set(deps, provider);
}

/**
 * The export-file signing keys of a server (empty when no provider is installed).
 *
 * @param deps - the server's dependencies.
 * @returns the keys.
 */
export async function exportSigningKeys(deps: ServerDeps): Promise<ExportSigningKey[]> {
  const provider = providers.get(deps);
  return provider ? await provider(deps) : [];
}

/**
 * `GET /v1/public-keys`: the export-file signing keys (from the key-server area, see
 * {@link setExportSigningKeysProvider}) and the root-signed QR trust list that venue and personal
 * QR codes issued by this server verify against.
 */
export const registerPublicKeyRoutes: RouteRegistration = (app, deps) => {
  app.get('/v1/public-keys', async (c) =>
    c.json({ exportSigning: await exportSigningKeys(deps), qrTrustList: qrKeysOf(deps).trustList(deps.now()).json }, 200),
  );
};
