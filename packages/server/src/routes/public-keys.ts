import type { RouteRegistration, ServerDeps } from '../http/context';
import { type ExportSigningPublicKey, exportSigningPublicKeys } from '../key-server/signing-key';
import { qrKeysOf } from '../venues/qr-keys';

/** Lists the export signing keys of a server (e.g. the current and the previous key during a rotation). */
export type ExportSigningKeysProvider = (deps: ServerDeps) => ExportSigningPublicKey[] | Promise<ExportSigningPublicKey[]>;

const providers = new WeakMap<ServerDeps, ExportSigningKeysProvider>();

/**
 * Replaces the list of export-file signing keys served by `GET /v1/public-keys` for one server
 * (default: the key server's current key, {@link exportSigningPublicKeys}).
 *
 * @param deps - the server the provider belongs to.
 * @param provider - returns the public halves of the signing keys.
 * @example
 * ```ts
 * setExportSigningKeysProvider(deps, (d) => [...exportSigningPublicKeys(d), previousKey]);
 * ```
 */
export function setExportSigningKeysProvider(deps: ServerDeps, provider: ExportSigningKeysProvider): void {
  providers.set(deps, provider);
}

/**
 * `GET /v1/public-keys`: the export-file signing keys (the key server's ECDSA P-256 key, see
 * `key-server/signing-key.ts`) and the root-signed QR trust list that venue and personal QR codes
 * issued by this server verify against (see `venues/qr-keys.ts`).
 */
export const registerPublicKeyRoutes: RouteRegistration = (app, deps) => {
  app.get('/v1/public-keys', async (c) => {
    const provider = providers.get(deps);
    const exportSigning = provider ? await provider(deps) : exportSigningPublicKeys(deps);
    return c.json({ exportSigning, qrTrustList: qrKeysOf(deps).trustList(deps.now()).json }, 200);
  });
};
