/**
 * `pnpm chaos [scenario…] [--quick] [--list]`: the reliability suite. Runs each scenario
 * against servers it starts itself and prints one table; exits 1 when any row lost a
 * task, ran a handler effect twice, or broke another invariant.
 * CHAOS_QUICK=1 is --quick; CHAOS_PG_OUTAGE_S sets the PostgreSQL outage (default 120).
 */
import { execFileSync } from 'node:child_process';
import { runChaos } from './run-chaos.js';
import type { Scenario } from './scenario.js';
import { cluster } from './scenarios/cluster.scenario.js';
import { delayed } from './scenarios/delayed.scenario.js';
import { fairness } from './scenarios/fairness.scenario.js';
import { fuzz } from './scenarios/fuzz.scenario.js';
import { kill9 } from './scenarios/kill9.scenario.js';
import { natsRestart } from './scenarios/nats-restart.scenario.js';
import { pgOutage } from './scenarios/pg-outage.scenario.js';
import { pgRestart } from './scenarios/pg-restart.scenario.js';
import { revoke } from './scenarios/revoke.scenario.js';
import { sigterm } from './scenarios/sigterm.scenario.js';
import { formatTable, rowFailed } from './table.js';

const ALL: Scenario[] = [
  kill9,
  sigterm,
  natsRestart,
  pgRestart,
  pgOutage,
  cluster,
  fuzz,
  delayed,
  fairness,
  revoke,
];

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.CHAOS_QUICK === '1';
if (args.includes('--list') || args.includes('--help')) {
  for (const s of ALL) process.stdout.write(`${s.name.padEnd(13)} ${s.summary}\n`);
  process.exit(0);
}
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !ALL.some((s) => s.name === n));
if (unknown.length) {
  process.stderr.write(`chaos: unknown scenario ${unknown.join(', ')} (try --list)\n`);
  process.exit(2);
}
const chosen = names.length ? ALL.filter((s) => names.includes(s.name)) : ALL;

const started = new Date();
const rows = await runChaos(
  chosen.map((scenario) => ({ scenario })),
  { quick },
);
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
} catch {
  /* not a git checkout */
}
process.stdout.write(
  `\nchaos${quick ? ' --quick' : ''}: ${started.toISOString()}, commit ${commit}, ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min\n\n`,
);
process.stdout.write(`${formatTable(rows)}\n`);
const failed = rows.filter(rowFailed);
process.stdout.write(
  failed.length ? `\n${failed.length} of ${rows.length} scenarios failed\n` : '\nall scenarios held\n',
);
process.exit(failed.length ? 1 : 0);
