import { describe, expect, it } from 'vitest';
import { defaultConfig, NHS_ADOPTION_BY_AGE, resultsJson, simulate, summarize } from '../src/index';

describe('validation at scale (slow)', () => {
  it('NHS-like settings (28% adoption) give 2–8 notifications per consenting index case', () => {
    const config = defaultConfig({ agents: 40_000, days: 28, seed: 1 });
    expect(NHS_ADOPTION_BY_AGE).toEqual(config.adoptionByAge);
    const r = summarize(simulate(config));
    const adoption = r.totals.appUsers / config.agents;
    expect(adoption).toBeGreaterThan(0.25);
    expect(adoption).toBeLessThan(0.31);
    expect(r.totals.uploads).toBeGreaterThan(20);
    expect(r.totals.notificationsPerIndexCase).toBeGreaterThanOrEqual(2);
    expect(r.totals.notificationsPerIndexCase).toBeLessThanOrEqual(8);
    expect(r.totals.phoneMatcherMismatches).toBe(0);
  });

  it('is byte-identical for the same seed at 20,000 agents', () => {
    const config = defaultConfig({ agents: 20_000, days: 7, seed: 3 });
    expect(resultsJson(summarize(simulate(config)))).toBe(resultsJson(summarize(simulate(config))));
  });
});
