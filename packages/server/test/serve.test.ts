import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from './support/contract';
import { type ServerProcess, spawnServe } from './support/server-process';

describe('healthtrace serve on a fresh machine', () => {
  let dataDir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    // A data folder that does not exist yet, no configuration at all.
    dataDir = join(mkdtempSync(join(tmpdir(), 'healthtrace-serve-')), 'fresh');
    server = await spawnServe(['--data-dir', dataDir]);
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz, /readyz and renders /docs with no configuration', async () => {
    await expectContract(await fetch(server.url('/healthz')), 'getHealth');
    const ready = await fetch(server.url('/readyz'));
    expect(ready.status).toBe(200);
    await expectContract(ready, 'getReadiness');
    const docs = await fetch(server.url('/docs'));
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    const html = await docs.text();
    expect(html).toMatch(/<html/i);
    expect(html).toMatch(/\/openapi\.yaml/);
    const yaml = await fetch(server.url('/openapi.yaml'));
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0$/m);
  });

  it('generated its development secrets under the data folder, readable by the owner only', () => {
    for (const name of ['field-key-dev1', 'health-authority-token']) {
      const mode = statSync(join(dataDir, 'keys', name)).mode & 0o777;
      expect(mode, name).toBe(0o600);
    }
    expect(statSync(join(dataDir, 'db')).isDirectory()).toBe(true);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/shutting down/);
  });
});
