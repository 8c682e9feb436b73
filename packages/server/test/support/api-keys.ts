import type { Caller } from '../../src/http/context';
import type { HealthtraceServer } from '../../src/server';

type ApiKeyCaller = Extract<Caller, { kind: 'api-key' }>;

/**
 * Installs an in-memory API-key resolver on a test server (the enterprise area's resolver, which
 * reads hashed keys from its tables, replaces the default in real servers). Returns a helper that
 * registers a key for a tenant with scopes and yields its secret.
 */
export function installTestApiKeys(server: HealthtraceServer): (tenantId: string, scopes: string[]) => string {
  const keys = new Map<string, ApiKeyCaller>();
  server.deps.resolveApiKey = async (secret) => keys.get(secret);
  let n = 0;
  return (tenantId, scopes) => {
    n += 1;
    const secret = `htk_test_${tenantId}_${n}_0123456789abcdef`;
    keys.set(secret, { kind: 'api-key', keyId: `key-${tenantId}-${n}`, tenantId, scopes });
    return secret;
  };
}
