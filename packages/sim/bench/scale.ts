/**
 * Scale benchmark: agents × days with real crypto and the per-scan channel in the loop.
 * Prints agent-days/s and peak memory (`process.resourceUsage().maxRSS`: the process's peak, worker threads included).
 *
 *   pnpm bench:sim                       # 100,000 agents × 14 days
 *   pnpm bench:sim -- --agents 1000000   # the province case (about 6 minutes, 4–5 GB)
 *   pnpm bench:sim -- --agents 20000 --days 7 --threads 1 --json
 *   pnpm bench:sim -- --agents 20000 --days 7 --scheme bluezone
 */
import { parseArgs } from 'node:util';
import { defaultConfig, type SchemeName, simulate } from '../src/index';

// pnpm forwards a literal `--` (`pnpm bench:sim -- --agents 1000000`): drop it.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    agents: { type: 'string', default: '100000' },
    days: { type: 'string', default: '14' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    scheme: { type: 'string', default: 'gaen' },
    json: { type: 'boolean', default: false },
  },
});
const agents = Number(values.agents);
const days = Number(values.days);
const threads = values.threads === undefined ? undefined : Number(values.threads);

// Peak resident set size of the whole process (main thread and worker threads share it), from the kernel.
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

const t0 = performance.now();
const scheme = values.scheme as SchemeName;
const out = simulate(defaultConfig({ agents, days, seed: Number(values.seed), threads: threads ?? 2, scheme }));
const seconds = (performance.now() - t0) / 1000;
const result = {
  agents,
  days,
  threads: out.config.threads,
  scheme,
  seconds: Number(seconds.toFixed(2)),
  agentDaysPerSecond: Math.round((agents * days) / seconds),
  peakRssMB: Math.round(peakRss() / 2 ** 20),
  sightings: out.totals.sightings,
  appUsers: out.totals.appUsers,
  infections: out.totals.infections,
  uploads: out.totals.uploads,
  notifications: out.totals.notifications,
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `sim scale (${scheme}): ${agents.toLocaleString('en')} agents × ${days} days in ${result.seconds} s (${result.threads} thread(s)) = ` +
      `${result.agentDaysPerSecond.toLocaleString('en')} agent-days/s, peak RSS ${result.peakRssMB} MB, ` +
      `${result.sightings.toLocaleString('en')} sightings, ${result.appUsers.toLocaleString('en')} app users`,
  );
}
