import { describe, expect, it } from 'vitest';
import { defaultConfig, resultsJson, simulate, summarize } from '../src/index';

describe('worker threads', () => {
  it('give byte-identical results to the single-threaded run', () => {
    const config = defaultConfig({ agents: 1200, days: 3, seed: 21, initialInfectedShare: 0.03 });
    const one = resultsJson(summarize(simulate({ ...config, threads: 1 })));
    const two = resultsJson(summarize(simulate({ ...config, threads: 2 })));
    expect(two).toBe(one);
    expect(JSON.parse(one).totals.sightings).toBeGreaterThan(0);
  });
});
