// `pnpm --filter @example/research-sweep start [-- --agents 5000 --days 14 --out out]`
import { parseArgs } from 'node:util';
import { runSweep } from './sweep';

// pnpm passes a leading `--` through to the script.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    agents: { type: 'string', default: '2000' },
    days: { type: 'string', default: '7' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'out' },
  },
});
const started = Date.now();
let day = 0;
const summary = runSweep({
  agents: Number(values.agents),
  days: Number(values.days),
  seed: Number(values.seed),
  out: values.out,
  onDay: () => process.stderr.write(`\rsimulated day ${++day}/${values.days}`),
});
process.stderr.write('\n');
console.log(`threshold sweep at ≤ ${summary.distanceM} m for ≥ ${summary.truthMinutes} min (${(Date.now() - started) / 1000} s)`);
console.log('t0  t1  recall  precision  AUC');
for (const r of summary.rows) console.log(`${r.t0}  ${r.t1}  ${r.recall.toFixed(3)}   ${r.precision.toFixed(3)}      ${r.auc.toFixed(3)}`);
console.log(`best F1: t0=${summary.best.t0} dB, t1=${summary.best.t1} dB`);
for (const file of Object.values(summary.files)) console.log(`wrote ${file}`);
