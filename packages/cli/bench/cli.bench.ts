/**
 * `pnpm bench cli [--runs N] [--compare <other bin/tasks.js>]`
 *
 * Start-up of the built `tasks` binary as an operator runs it (plain node, dist/, no loader),
 * side by side with plain `node -e 0` in one run: wall time (median and p90 of N runs) and peak
 * RSS (median, from /usr/bin/time) of
 *   - `tasks --help`,
 *   - `tasks status <id>`, which reads a real run from PostgreSQL (a scratch database is
 *     created, migrated and dropped),
 * with the CPU time each used (user + system: less sensitive to other load than wall time).
 * Each also with Node's compile cache (NODE_COMPILE_CACHE, a private directory filled by one
 * warm-up run): bin/tasks.js does not enable it, as it did not make a measurable difference.
 * Targets (issue 17): ≤ 150 ms wall and ≤ 100 MB peak RSS. `--compare` adds the same rows for
 * another build of the CLI (e.g. a copy of an older dist/) measured in the same run.
 * Runs are interleaved (one of each row per round), so machine load hits every row alike;
 * the load average is printed with the results.
 *
 * Uses DATABASE_URL and NATS_URL (status reads PostgreSQL only), defaulting to 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate } from '@repowiki/db';
import postgres from 'postgres';

const TARGET_MS = 150;
const TARGET_MB = 100;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, compare: { type: 'string' } },
});
const runs = Math.max(1, Number(values.runs));
const pkg = fileURLToPath(new URL('..', import.meta.url));
const bin = join(pkg, 'bin', 'tasks.js');

// As deployed: the CLI and every workspace package it loads, built.
const builtFiles = [
  'packages/cli/dist/bin.js',
  'packages/runtime/dist/ledger/ledger.js',
  'packages/runtime/dist/client/index.js',
  'packages/db/dist/index.js',
  'packages/contracts/dist/index.js',
  'packages/node-check/dist/index.js',
];
const missing = builtFiles.filter((f) => !existsSync(resolve(pkg, '../..', f)));
if (missing.length) {
  process.stderr.write(
    `bench cli: measures the built CLI, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.\n` +
      'Build it and the packages it loads first:  pnpm turbo run build --filter @repowiki/cli...\n',
  );
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench cli: needs /usr/bin/time (GNU time, apt-get install time) for peak RSS\n');
  process.exit(2);
}

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const dbName = `tasks_cli_bench_${process.pid}`;
const scratch = new URL(serverUrl);
scratch.pathname = `/${dbName}`;
const databaseUrl = scratch.toString();
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${dbName}"`);
const cacheDirs: string[] = [];

interface Row {
  name: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Exit codes that count as a correct run. */
  ok: number[];
  wall: number[];
  /** user + system CPU of the process, ms (10 ms resolution). */
  cpu: number[];
  rssKb: number[];
}

try {
  await migrate(databaseUrl);
  // A finished run with everything status prints: result, progress, worker, timestamps.
  const id = `bench-${process.pid}`;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await sql`
    insert into task_runs (id, name, queue, state, payload, result, progress, attempts, worker_id,
                           started_at, finished_at)
    values (${id}, 'tasks.minimap.validate', 'minimap', 'SUCCESS', '{"warehouseId":"w"}'::jsonb,
            '{"valid":true,"nodes":3}'::jsonb, '{"percent":100,"step":"links"}'::jsonb, 1, 'bench-worker',
            now() - interval '2 seconds', now())`;
  await sql.end();

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    TASKS_ENV_FILE: '',
    TASKS_DEBUG: '',
    NODE_OPTIONS: '',
  };
  delete baseEnv.NODE_COMPILE_CACHE;
  delete baseEnv.NODE_DISABLE_COMPILE_CACHE;
  const cached = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasks-cli-bench-cache-'));
    cacheDirs.push(dir);
    return { ...baseEnv, NODE_COMPILE_CACHE: dir };
  };
  const rows: Row[] = [];
  const add = (name: string, argv: string[], env: NodeJS.ProcessEnv, ok = [0]) =>
    rows.push({ name, argv, env, ok, wall: [], cpu: [], rssKb: [] });
  add('node -e 0', ['-e', '0'], baseEnv);
  const cliRows = (label: string, path: string) => {
    add(`${label} --help`, [path, '--help'], baseEnv);
    add(`${label} --help (compile cache)`, [path, '--help'], cached());
    add(`${label} status <id>`, [path, 'status', id], baseEnv);
    add(`${label} status <id> (compile cache)`, [path, 'status', id], cached());
  };
  cliRows('tasks', bin);
  if (values.compare) cliRows('compare', resolve(values.compare));

  const once = (row: Row) => {
    const started = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...row.argv], {
      env: row.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!row.ok.includes(run.status ?? -1)) {
      throw new Error(`${row.name}: exit ${run.status}\n${run.stdout}\n${run.stderr}`);
    }
    const [rss, user, sys] = (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    return { ms, rss: rss ?? Number.NaN, cpu: ((user ?? 0) + (sys ?? 0)) * 1000 };
  };

  console.log(`machine: ${cpus().length} cores; node ${process.version}; ${runs} runs per row, interleaved`);
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  for (const row of rows) once(row); // warm-up: fills each compile cache, pages files in
  for (let i = 0; i < runs; i++) {
    for (const row of rows) {
      const { ms, rss, cpu } = once(row);
      row.wall.push(ms);
      row.cpu.push(cpu);
      row.rssKb.push(rss);
    }
  }
  console.log(`load average after:  ${readFileSync('/proc/loadavg', 'utf8').trim()}\n`);

  const median = (xs: number[]) => quantile(xs, 0.5);
  const base = rows[0]!;
  const table = rows.map((r) => {
    const wall = median(r.wall);
    const mb = median(r.rssKb) / 1024;
    const isBase = r === base;
    return [
      r.name,
      wall.toFixed(0),
      quantile(r.wall, 0.9).toFixed(0),
      (wall / median(base.wall)).toFixed(1),
      isBase ? '' : wall <= TARGET_MS ? 'yes' : 'NO',
      median(r.cpu).toFixed(0),
      mb.toFixed(0),
      (mb / (median(base.rssKb) / 1024)).toFixed(1),
      isBase ? '' : mb <= TARGET_MB ? 'yes' : 'NO',
    ];
  });
  printTable(
    [
      'command',
      'wall p50 ms',
      'p90 ms',
      '× node',
      `≤ ${TARGET_MS} ms`,
      'CPU ms',
      'peak RSS MB',
      '× node',
      `≤ ${TARGET_MB} MB`,
    ],
    table,
  );
} finally {
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  for (const dir of cacheDirs) rmSync(dir, { recursive: true, force: true });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
