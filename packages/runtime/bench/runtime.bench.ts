/**
 * `pnpm bench runtime [--tasks N] [--paced-seconds S] [--rate R] [--only runtime,bullmq,floor,client]
 *   [--modes full,paced] [--rounds N]`
 *
 * `--only` takes one system or a comma-separated list (e.g. `--only runtime,floor` for the
 * issue-17 throughput and CPU ratios in one run, ~40 s; add `bullmq` for the paced p99 vs BullMQ).
 *
 * The same no-op workload through our runtime (JetStream + PostgreSQL ledger, group
 * commit) and through BullMQ on Redis, side by side in one run: tasks/s and p50/p99
 * submit-to-done latency, at full speed and paced at 2,000 tasks/s, plus the CPU each part of
 * the machine spent per task. A third row, the floor, is bare JetStream with one
 * group-committed ledger row per task (floor.driver.ts). Each measurement runs
 * in a fresh child process (after its own warm-up), so no run inherits another's heap,
 * connections or backlog; producer and worker share that process, and the machine's two
 * cores with NATS, PostgreSQL and Redis.
 *
 * Uses NATS_URL, DATABASE_URL (a scratch database is created and dropped) and REDIS_URL,
 * defaulting to the machine's services on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, type RunResult } from './stats.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '30000' },
    'paced-seconds': { type: 'string', default: '8' },
    rate: { type: 'string', default: '2000' },
    only: { type: 'string' },
    modes: { type: 'string', default: 'full,paced' },
    rounds: { type: 'string', default: '1' },
  },
});
// `--rounds N` measures the chosen systems N times, in alternating order, and prints each
// round's runtime/floor ratios and their median: on a shared machine the load swings within
// one run, and systems measured a minute apart see different machines.
const rounds = Math.max(1, Number(values.rounds));
const modes = values.modes.split(',').map((s) => s.trim());
if (modes.some((m) => m !== 'full' && m !== 'paced')) {
  console.error('--modes: full, paced or full,paced');
  process.exit(2);
}
const child = fileURLToPath(new URL('./measure.ts', import.meta.url));
const rate = Number(values.rate);
const pacedTasks = Math.round(rate * Number(values['paced-seconds']));
console.log(
  `machine: ${cpus().length} cores; node ${process.version}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
console.log(`full speed: ${values.tasks} tasks; paced: ${pacedTasks} tasks at ${rate}/s\n`);

// floor: raw JetStream + one group-committed ledger row per task (floor.driver.ts), the
// bound under any design on these servers, so the gap the runtime's semantics cost is visible.
// client: the producer's side alone, `submit` as an enqueue rate and the latency of
// `status()` and `result()` (client.driver.ts).
const allSystems = ['runtime', 'bullmq', 'floor', 'client'] as const;
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((s) => !(allSystems as readonly string[]).includes(s)) ?? [];
if (unknown.length) {
  console.error(`--only: unknown system ${unknown.join(', ')} (known: ${allSystems.join(', ')})`);
  process.exit(2);
}
const systems = allSystems.filter((s) => !only || only.includes(s));
const results: RunResult[] = [];
const byRound: RunResult[][] = [];
for (let round = 0; round < rounds; round++) {
  const ordered = round % 2 === 0 ? systems : [...systems].reverse();
  const before = results.length;
  for (const system of ordered) {
    for (const mode of system === 'client' ? ['submit', 'reads'] : modes) {
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, child, system, mode, String(values.tasks), String(pacedTasks), String(rate)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
      );
      const line = run.stdout.trim().split('\n').pop() ?? '';
      if (run.status !== 0 || !(line.startsWith('{') || line.startsWith('['))) {
        console.error(`${system} ${mode} failed (exit ${run.status}): ${run.stdout}`);
        process.exit(1);
      }
      results.push(...([] as RunResult[]).concat(JSON.parse(line) as RunResult | RunResult[]));
    }
  }
  byRound.push(results.slice(before));
}
printTable(results);
const full = (system: string) => results.find((r) => r.system.startsWith(system) && r.mode === 'full speed');
const [ours, theirs, floor] = [full('repowiki'), full('BullMQ'), full('floor')];
if (ours && theirs)
  console.log(`throughput ratio (runtime / BullMQ): ${(ours.perSecond / theirs.perSecond).toFixed(2)}×`);
if (floor && theirs)
  console.log(`throughput ratio (floor / BullMQ):   ${(floor.perSecond / theirs.perSecond).toFixed(2)}×`);
const paced = (system: string) =>
  results.find((r) => r.system.startsWith(system) && r.mode.startsWith('paced'));
const machineUs = (r: RunResult) => (r.cpu.machineMs * 1000) / r.tasks;
const measuredUs = (r: RunResult) =>
  ((r.cpu.selfMs + (r.cpu.servers['nats-server'] ?? 0) + (r.cpu.servers.postgres ?? 0)) * 1000) / r.tasks;
// Issue 17's targets, as ratios of this one run.
if (ours && floor) {
  console.log(
    `throughput ratio (runtime / floor): ${(ours.perSecond / floor.perSecond).toFixed(2)}× (target ≥ 0.70)`,
  );
  console.log(
    `CPU µs/task ratio (runtime / floor): machine ${(machineUs(ours) / machineUs(floor)).toFixed(2)}×, ` +
      `bench process + nats-server + postgres ${(measuredUs(ours) / measuredUs(floor)).toFixed(2)}× (target ≤ 1.5)`,
  );
  // Which part of the machine the gap is in: each process's µs/task, runtime over floor.
  const partUs = (r: RunResult, ms: number) => (ms * 1000) / r.tasks;
  const part = (name: string, a: number, b: number) =>
    `${name} ${Math.round(a)}/${Math.round(b)} µs = ${(a / b).toFixed(2)}×`;
  console.log(
    `CPU µs/task per process (runtime/floor): ${[
      part('bench process', partUs(ours, ours.cpu.selfMs), partUs(floor, floor.cpu.selfMs)),
      part(
        'nats-server',
        partUs(ours, ours.cpu.servers['nats-server'] ?? 0),
        partUs(floor, floor.cpu.servers['nats-server'] ?? 0),
      ),
      part(
        'postgres',
        partUs(ours, ours.cpu.servers.postgres ?? 0),
        partUs(floor, floor.cpu.servers.postgres ?? 0),
      ),
      part(
        'of which bench db backends',
        partUs(ours, ours.cpu.servers['postgres: bench db'] ?? 0),
        partUs(floor, floor.cpu.servers['postgres: bench db'] ?? 0),
      ),
    ].join('; ')}`,
  );
}
const [pOurs, pTheirs, pFloor] = [paced('repowiki'), paced('BullMQ'), paced('floor')];
if (pOurs && pFloor)
  console.log(`paced p99 ratio (runtime / floor): ${(pOurs.p99Ms / pFloor.p99Ms).toFixed(2)}× (target ≤ 2)`);
if (pOurs && pTheirs)
  console.log(
    `paced p99 ratio (runtime / BullMQ): ${(pOurs.p99Ms / pTheirs.p99Ms).toFixed(2)}× (target ≤ 1)`,
  );
if (rounds > 1) {
  // Each round's ratios, then the median of each (the table above lists every measurement).
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    const m = Math.floor(v.length / 2);
    return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
  };
  const rows: Record<string, number>[] = [];
  for (const [i, rs] of byRound.entries()) {
    const f = (system: string) => rs.find((r) => r.system.startsWith(system) && r.mode === 'full speed');
    const [o, fl] = [f('repowiki'), f('floor')];
    if (!o || !fl) continue;
    const us = (r: RunResult, ms: number) => (ms * 1000) / r.tasks;
    rows.push({
      round: i + 1,
      'tasks/s ratio': o.perSecond / fl.perSecond,
      'machine CPU ratio': machineUs(o) / machineUs(fl),
      'bench+nats+pg ratio': measuredUs(o) / measuredUs(fl),
      'bench process ratio': us(o, o.cpu.selfMs) / us(fl, fl.cpu.selfMs),
      'nats-server ratio':
        us(o, o.cpu.servers['nats-server'] ?? 0) / us(fl, fl.cpu.servers['nats-server'] ?? 0),
      'pg bench db ratio':
        us(o, o.cpu.servers['postgres: bench db'] ?? 0) / us(fl, fl.cpu.servers['postgres: bench db'] ?? 0),
    });
  }
  if (rows.length > 0) {
    const keys = Object.keys(rows[0]!).filter((k) => k !== 'round');
    const med: Record<string, number | string> = { round: 'median' };
    for (const k of keys) med[k] = median(rows.map((r) => r[k]!));
    console.log('runtime / floor per round (full speed; targets: tasks/s ≥ 0.70, CPU ≤ 1.5):');
    console.table(
      [...rows, med].map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && k !== 'round' ? v.toFixed(2) : v]),
        ),
      ),
    );
  }
}
console.log(
  `load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
console.log(
  '\nDurability differs: the runtime fsyncs every PENDING row before publishing and every final state',
);
console.log(
  'before acking (running marks use asynchronous commit); nats-server acknowledges a publish before',
);
console.log('fsync (sync every 2 min); Redis here keeps nothing on disk.');
