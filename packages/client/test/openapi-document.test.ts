import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generate } from '../openapi/generate';

const read = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');

describe('the OpenAPI document', () => {
  it('is exactly what openapi/generate.ts produces (YAML and generated types)', async () => {
    const { yaml, types } = await generate();
    expect(read('../openapi.yaml')).toBe(yaml);
    expect(read('../src/generated/openapi.ts')).toBe(types);
  });

  it('embeds the declaration JSON Schemas committed by @healthtrace/declaration', () => {
    const doc = parse(read('../openapi.yaml')) as { components: { schemas: Record<string, { $id?: string }> } };
    for (const [file, component] of (<const>[
      ['domestic', 'DomesticDeclaration'],
      ['entry', 'EntryDeclaration'],
      ['daily', 'DailyHealthMonitoring'],
      ['movement', 'MovementDeclaration'],
      ['checkin', 'CheckinDeclaration'],
      ['employee', 'EmployeeHealthCheck'],
    ]) satisfies [string, string][]) {
      const committed = JSON.parse(read(`../../declaration/schemas/${file}.json`)) as { $schema?: string; $id: string };
      const { $schema: _s, ...withoutMeta } = committed;
      expect(doc.components.schemas[component]).toEqual(withoutMeta);
    }
  });

  it('gives every operation an id, a summary, security and a 4xx response; errors are problem+json', () => {
    const doc = parse(read('../openapi.yaml')) as {
      paths: Record<string, Record<string, unknown>>;
      components: { responses: Record<string, { content: object }> };
    };
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const o = op as { operationId: string; summary: string; security: unknown[]; responses: Record<string, unknown> };
        expect(o.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(o.operationId)).toBe(false);
        ids.add(o.operationId);
        expect(o.summary).toBeTruthy();
        expect(Array.isArray(o.security)).toBe(true);
        expect(
          Object.keys(o.responses).some((s) => s.startsWith('4')),
          `${method} ${path} has a 4xx`,
        ).toBe(true);
        // No personal data in URLs: no path parameter carries a name, an ID number, a phone or an email.
        expect(/\{(fullName|name|idNumber|cccd|phone|email|dateOfBirth)\}/i.test(path), path).toBe(false);
      }
    }
    for (const [name, response] of Object.entries(doc.components.responses)) {
      expect(Object.keys(response.content), name).toEqual(['application/problem+json']);
    }
    expect(ids.size).toBeGreaterThanOrEqual(50);
  });
});
