/**
 * `pnpm bench worker-drain [--tasks N] [--rounds R] [--against <checkout>]`
 *
 * The worker's own cost per task: N no-op tasks are submitted first, then one TaskWorker
 * (concurrency 1,024) drains them, and the bench prints the CPU its process spent per task
 * (nothing else runs in that process while it drains) and the V8 heap it allocated per
 * delivery. Each run is a fresh child process (worker-drain.driver.ts: own scratch database,
 * namespace and warm-up). With `--against`, the same driver also runs on another checkout's
 * sources (copied into its packages/runtime/bench/), alternating run by run with this one,
 * so "before" and "after" share the machine's state: e.g. `git worktree add /tmp/wt-before
 * main && (cd /tmp/wt-before && pnpm install --frozen-lockfile)`, then
 * `pnpm bench worker-drain --against /tmp/wt-before`.
 *
 * Uses NATS_URL and DATABASE_URL (a scratch database per run), defaulting to 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DrainResult } from './worker-drain.driver.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    against: { type: 'string' },
  },
});
const driver = fileURLToPath(new URL('./worker-drain.driver.ts', import.meta.url));
const here = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Side {
  label: string;
  root: string;
  driver: string;
  runs: DrainResult[];
}
const sides: Side[] = [{ label: 'this checkout', root: here, driver, runs: [] }];
if (values.against) {
  const root = resolve(values.against);
  const copy = join(root, 'packages/runtime/bench/worker-drain.driver.ts');
  if (resolve(copy) !== driver) copyFileSync(driver, copy);
  // "before" first in every round: neither side always runs on a machine the other warmed.
  sides.unshift({ label: `${values.against}`, root, driver: copy, runs: [] });
}

console.log(`machine: ${cpus().length} cores; node ${process.version}; load average ${loadavg()}`);
console.log(
  `${values.tasks} tasks submitted, then drained by one worker (concurrency 1,024); ${values.rounds} rounds\n`,
);

for (let round = 1; round <= Number(values.rounds); round++) {
  for (const side of sides) {
    if (!existsSync(side.driver)) throw new Error(`no driver at ${side.driver}`);
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, '--expose-gc', side.driver, String(values.tasks)],
      {
        cwd: side.root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 24,
      },
    );
    const line = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !line.startsWith('{')) {
      console.error(`${side.label} run ${round} failed (exit ${run.status}): ${run.stdout}`);
      process.exit(1);
    }
    const r = JSON.parse(line) as DrainResult;
    side.runs.push(r);
    console.log(
      `round ${round} ${side.label.padEnd(16)} ${fmt(r.cpuUsPerTask, 1).padStart(7)} µs CPU/task  ` +
        `${fmt(r.allocBytesPerTask, 0).padStart(7)} B alloc/task  ${fmt(r.tasks / (r.wallMs / 1000), 0).padStart(6)} tasks/s  ` +
        `${r.scavenges} scavenges, GC ${fmt(r.gcMs, 0)} ms  (load ${loadavg()})`,
    );
  }
}

function fmt(n: number, digits: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

console.log('\nmedians:');
for (const side of sides) {
  const cpu = median(side.runs.map((r) => r.cpuUsPerTask));
  const alloc = median(side.runs.map((r) => r.allocBytesPerTask));
  const rate = median(side.runs.map((r) => r.tasks / (r.wallMs / 1000)));
  console.log(
    `  ${side.label.padEnd(16)} ${fmt(cpu, 1).padStart(7)} µs CPU/task  ${fmt(alloc, 0).padStart(7)} B alloc/task  ${fmt(rate, 0).padStart(6)} tasks/s`,
  );
}
if (sides.length === 2) {
  const [before, after] = sides as [Side, Side];
  const ratio = (f: (r: DrainResult) => number) => median(after.runs.map(f)) / median(before.runs.map(f));
  const cpuRatio = fmt(
    ratio((r) => r.cpuUsPerTask),
    3,
  );
  const allocRatio = fmt(
    ratio((r) => r.allocBytesPerTask),
    3,
  );
  const rateRatio = fmt(
    ratio((r) => r.tasks / (r.wallMs / 1000)),
    3,
  );
  console.log(
    `ratio of medians (this checkout / ${before.label}): CPU/task ${cpuRatio}×, alloc/task ${allocRatio}×, tasks/s ${rateRatio}×`,
  );
  // Each round's two runs share the machine's state of that minute: their ratio is the
  // steadier figure when the load swings between rounds.
  const paired = after.runs.map((r, i) => r.cpuUsPerTask / before.runs[i]!.cpuUsPerTask);
  const list = paired.map((x) => fmt(x, 3)).join(', ');
  console.log(`CPU/task ratio per round: ${list} (median ${fmt(median(paired), 3)}×)`);
}
console.log(`load average at the end: ${loadavg()}`);
