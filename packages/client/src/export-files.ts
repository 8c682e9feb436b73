/**
 * Downloading and verifying the server's signed diagnosis-key export files, with
 * `@healthtrace/rolling-id` (kept out of the main entry so that it stays small).
 *
 * @packageDocumentation
 */
import { assertKeyFileSignature, type ParsedKeyFile, parseKeyFileZip, type VerificationKey } from '@healthtrace/rolling-id';
import type { HealthtraceClient } from './client';

/** One downloaded and verified export file. */
export interface DownloadedExportFile {
  /** File name as listed in the index. */
  name: string;
  /** The raw zip. */
  zip: Uint8Array;
  /** The parsed file (signature already verified). */
  file: ParsedKeyFile;
}

/** Options of {@link downloadExportFiles}. */
export interface DownloadExportFilesOptions {
  /** The server's export signing keys (from `GET /v1/public-keys`, imported with `importVerificationKeyPem`). */
  publicKeys: VerificationKey[] | VerificationKey;
  /** Skip files up to and including this name (the last one processed before). */
  after?: string;
}

/**
 * Lists the export index and yields each newer file, downloaded, parsed and verified, one at a
 * time (so a phone can match them as they arrive without holding every file in memory).
 *
 * @param client - a client from `createClient`.
 * @param options - public keys and the last file already processed.
 * @returns an async iterator of verified files.
 * @throws Error when the index or a file cannot be downloaded.
 * @throws KeyFileError (from `@healthtrace/rolling-id`) when a file is malformed or its signature fails.
 * @example
 * ```ts
 * for await (const { name, file } of downloadExportFiles(client, { publicKeys, after: lastSeen })) {
 *   match(file.export.keys);
 *   lastSeen = name;
 * }
 * ```
 */
export async function* downloadExportFiles(
  client: HealthtraceClient,
  options: DownloadExportFilesOptions,
): AsyncGenerator<DownloadedExportFile, void, undefined> {
  const index = await client.api.GET('/v1/exports/index.txt', { parseAs: 'text' });
  if (index.data === undefined) throw new Error(`export index request failed with HTTP ${index.response.status}`, { cause: index.error });
  const names = index.data
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const start = options.after === undefined ? 0 : names.indexOf(options.after) + 1;
  for (const name of names.slice(start)) {
    const fileName = name.split('/').pop() as string;
    const res = await client.api.GET('/v1/exports/{fileName}', { params: { path: { fileName } }, parseAs: 'arrayBuffer' });
    if (res.data === undefined)
      throw new Error(`export file ${name} request failed with HTTP ${res.response.status}`, { cause: res.error });
    const zip = new Uint8Array(res.data as unknown as ArrayBuffer);
    const file = parseKeyFileZip(zip);
    assertKeyFileSignature(file, options.publicKeys);
    yield { name, zip, file };
  }
}
