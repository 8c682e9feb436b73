import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
const packages = readdirSync(join(root, 'packages')).filter((d) => statSync(join(root, 'packages', d)).isDirectory());

describe('workspace layout', () => {
  it('has exactly the agreed top-level entries (plus dotfiles and the lockfile)', () => {
    const tracked = readdirSync(root).filter(
      (e) => !e.startsWith('.') && e !== 'node_modules' && e !== 'pnpm-lock.yaml' && e !== 'coverage',
    );
    expect(tracked.sort()).toEqual(
      [
        'README.md',
        'biome.json',
        'docs',
        'examples',
        'package.json',
        'packages',
        'pnpm-workspace.yaml',
        'tests',
        'tsconfig.base.json',
      ].sort(),
    );
    expect(existsSync(join(root, '.ci/run'))).toBe(true);
    expect(existsSync(join(root, '.changeset/config.json'))).toBe(true);
  });

  it('contains every package named in the brief', () => {
    for (const name of ['rolling-id', 'encounters', 'qr', 'declaration', 'vn-admin', 'client', 'server', 'sim', 'cli']) {
      expect(packages).toContain(name);
    }
  });
});

describe.each(packages)('packages/%s', (dir) => {
  const pkg = json(`packages/${dir}/package.json`) as {
    name: string;
    private?: boolean;
    sideEffects?: boolean;
    files?: string[];
    exports: Record<string, unknown>;
    publishConfig?: { exports?: Record<string, unknown> };
  };

  it('is a real package with README, sources, tests, tsup and typedoc configs', () => {
    expect(pkg.name).toBe(`@healthtrace/${dir}`);
    for (const file of ['README.md', 'src/index.ts', 'test', 'tsup.config.ts', 'typedoc.json', 'tsconfig.json']) {
      expect(existsSync(join(root, 'packages', dir, file)), file).toBe(true);
    }
  });

  it('publishes ESM + CJS with types first, no side effects, only dist', () => {
    expect(pkg.sideEffects).toBe(false);
    // dist first; data files a package ships (e.g. the OpenAPI document) may follow; never sources.
    expect(pkg.files?.[0]).toBe('dist');
    expect(pkg.files?.some((f) => f.startsWith('src'))).toBe(false);
    const exportMaps = [pkg.exports, pkg.publishConfig?.exports ?? {}];
    for (const exportsMap of exportMaps) expect(exportsMap['./package.json']).toBe('./package.json');
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') {
        // Plain files (package.json, data files) are exported as they are, published too.
        expect(pkg.publishConfig?.exports?.[subpath], subpath).toBe(target);
        continue;
      }
      const conditions = target as Record<string, Record<string, string>>;
      expect(Object.keys(conditions)[0], subpath).toBe('@healthtrace/source');
      for (const kind of ['import', 'require'] as const) {
        expect(Object.keys(conditions[kind] ?? {})[0], `${subpath} ${kind}`).toBe('types');
        // A Node build (declaration's), when there is one: the same types, first too.
        const node = (target as Record<string, Record<string, Record<string, string>>>).node;
        if (node !== undefined) {
          expect(Object.keys(node[kind] ?? {})[0], `${subpath} node ${kind}`).toBe('types');
          expect(node[kind]?.types, `${subpath} node ${kind}`).toBe(conditions[kind]?.types);
        }
      }
      // The published exports are the same minus the source condition.
      const { '@healthtrace/source': _source, ...published } = conditions;
      expect(pkg.publishConfig?.exports?.[subpath]).toEqual(published);
    }
  });
});
