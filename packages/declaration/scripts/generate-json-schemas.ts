/**
 * Writes `schemas/<name>.json` (JSON Schema 2020-12) for every declaration kind.
 * Run with `pnpm --filter @healthtrace/declaration generate`; the drift test fails when the
 * committed files differ from what this script would write.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { declarationJsonSchema } from '../src/json-schema';
import { criteriaSetJsonSchema } from '../src/risk/criteria-set';
import { DECLARATION_NAMES } from '../src/schemas/registry';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const name of DECLARATION_NAMES) {
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify(declarationJsonSchema(name), null, 2)}\n`);
  console.log(`wrote schemas/${name}.json`);
}
writeFileSync(`${dir}risk-criteria-set.json`, `${JSON.stringify(criteriaSetJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/risk-criteria-set.json');
