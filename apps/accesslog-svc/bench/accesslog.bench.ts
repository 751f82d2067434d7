import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type AccessEntry, HEADERS } from '@repowiki/contracts';
import { freePort, migrate, textArray } from '@repowiki/db';
import { runService, type ServiceProcess, waitForHttp } from '@repowiki/devstack';
import { createAccessLogPublisher, Topology } from '@repowiki/runtime';
import postgres from 'postgres';
import {
  BENCH_DB_BACKENDS,
  cpuSince,
  cpuSnapshot,
  setBenchDatabase,
} from '../../../packages/runtime/bench/cpu.js';
import { COLUMNS, copyLine, pageViews, processCpuMs } from './bench-support.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    'kill-at': { type: 'string', default: '0.4' },
    'no-kill': { type: 'boolean', default: false },
    single: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
  },
});
const ROUNDS = Math.max(1, Number(values.rounds));
const N = Number(values.messages);
const KILL_AT = Number(values['kill-at']);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `rw_bench_al_${process.pid}`;
setBenchDatabase(dbName);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;
const namespace = `bench_al_${process.pid}`;
const topology = new Topology(namespace);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Row {
  system: string;
  rows: number;
  seconds: number;
  /** Every CPU of the machine (other work on it included). */
  machineCpuMs: number;
  /** This benchmark process: the web tier's publisher (or COPY's client). */
  benchCpuMs: number;
  /** The service process(es). */
  serviceCpuMs: number;
  /** nats-server and PostgreSQL processes (other users of these servers included). */
  natsCpuMs: number;
  pgCpuMs: number;
  /** The backends connected to the scratch database: this run's statements alone. */
  ownPgCpuMs: number;
  note: string;
}

const sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });

async function runCopy(views: { id: string; entry: AccessEntry }[]): Promise<Row> {
  await sql`drop table if exists access_copy`;
  // Same columns, defaults and indexes (unique message_id, occurred_at, resource) as access_records.
  await sql`create table access_copy (like access_records including all)`;
  // The COPY text is built before the clock starts: COPY is measured at its best.
  const CHUNK = 5_000;
  const chunks: string[] = [];
  for (let i = 0; i < views.length; i += CHUNK) {
    chunks.push(
      `${views
        .slice(i, i + CHUNK)
        .map(copyLine)
        .join('\n')}\n`,
    );
  }
  const before = cpuSnapshot();
  const started = performance.now();
  const stream = await sql`copy access_copy (${sql(COLUMNS as unknown as string[])}) from stdin`.writable();
  for (const text of chunks) {
    if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
    stream.end();
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSince(before);
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from access_copy`;
  await sql`drop table access_copy`;
  return {
    system: 'PostgreSQL COPY (same rows, same indexes)',
    rows: row!.n,
    seconds,
    machineCpuMs: cpu.machineMs,
    benchCpuMs: cpu.selfMs,
    serviceCpuMs: 0,
    natsCpuMs: cpu.servers['nats-server'] ?? 0,
    pgCpuMs: cpu.servers.postgres ?? 0,
    ownPgCpuMs: cpu.servers[BENCH_DB_BACKENDS] ?? 0,
    note: 'COPY text built before the clock starts',
  };
}

async function startService(label: string): Promise<ServiceProcess> {
  const port = await freePort();
  const svc = runService('accesslog-svc', {
    deployed: true,
    env: {
      NODE_ENV: 'production',
      NATS_URL,
      DATABASE_URL: dbUrl.toString(),
      NATS_NAMESPACE: namespace,
      HTTP_PORT: String(port),
      // BENCH_SERVICE_LOG=debug shows each call (messages, entries) with its time, in BENCH_SERVICE_LOG_FILE.
      LOG_LEVEL: process.env.BENCH_SERVICE_LOG ?? 'warn',
    },
  });
  if (process.env.BENCH_SERVICE_LOG_FILE) {
    const file = process.env.BENCH_SERVICE_LOG_FILE;
    svc.exited.then(() => appendFileSync(file, svc.output()));
  }
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 60_000 });
  } catch (e) {
    await svc.stop('SIGKILL');
    throw new Error(
      `accesslog-svc (${label}) did not become ready: ${(e as Error).message}\n${svc.output()}`,
    );
  }
  return svc;
}

async function countRows(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from access_records`;
  return row!.n;
}

/** Exactly once: every published id has one row, and there are no others. */
async function check(ids: readonly string[]): Promise<{ rows: number; lost: number; duplicated: number }> {
  await sql`create temp table if not exists bench_ids (id text primary key)`;
  await sql`truncate bench_ids`;
  for (let i = 0; i < ids.length; i += 20_000) {
    await sql`insert into bench_ids select unnest(${textArray(ids.slice(i, i + 20_000))}::text::text[])`;
  }
  const [r] = await sql<{ rows: number; matched: number; distinct_ids: number }[]>`
    select (select count(*)::int from access_records) as rows,
           (select count(distinct a.message_id)::int from access_records a join bench_ids b on b.id = a.message_id) as matched,
           (select count(distinct message_id)::int from access_records) as distinct_ids`;
  return { rows: r!.rows, lost: ids.length - r!.matched, duplicated: r!.rows - r!.distinct_ids };
}

/**
 * Publishes every view through the web tier's publisher (or as one-entry messages in the
 * earlier format) while the service ingests; `onProgress` may kill and restart it.
 */
async function runIngest(
  label: string,
  views: { id: string; entry: AccessEntry }[],
  format: 'batched' | 'single',
  kill?: { at: number },
): Promise<Row & { lost: number; duplicated: number; taskRuns: number }> {
  await sql`truncate access_records`;
  const nc = await connect({ servers: NATS_URL, noAsyncTraces: true, name: 'bench-web-tier' });
  const js = jetstream(nc);
  let svc = await startService(label);
  let note = '';
  try {
    let serviceCpuAtStart = processCpuMs(svc.child.pid);
    const before = cpuSnapshot();
    const started = performance.now();
    if (format === 'batched') {
      const publisher = createAccessLogPublisher({ js, namespace, capacity: views.length });
      for (let i = 0; i < views.length; i++) {
        publisher.publish(views[i]!.entry, { taskId: views[i]!.id });
        // Page views arrive over time: let the buffer's sends and acks run between bursts.
        if (i % 2_000 === 1_999) await new Promise((r) => setImmediate(r));
      }
      if (!(await publisher.flush(300_000))) throw new Error('publisher did not drain');
      if (publisher.dropped + publisher.failed > 0) throw new Error('publisher lost entries');
      await publisher.close(1_000);
    } else {
      const subject = topology.subject('tasks.accesslog.record');
      const inFlight = new Set<Promise<unknown>>();
      for (const v of views) {
        const h = headers();
        h.set(HEADERS.taskId, v.id);
        const p = js.publish(subject, JSON.stringify({ entry: v.entry }), { msgID: v.id, headers: h });
        inFlight.add(p);
        p.finally(() => inFlight.delete(p));
        if (inFlight.size >= 1_000) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }
    const published = performance.now();
    let killed = false;
    let killedCpuMs = 0;
    const jsm = await jetstreamManager(nc);
    const stream = topology.taskStream('accesslog');
    for (;;) {
      // Done when the work queue is empty: the service acks a message only after its rows
      // committed, and every message was in the stream before this loop (the publisher drained).
      // Stream info costs PostgreSQL nothing, unlike count(*) (only the kill needs that).
      const n = kill && !killed ? await countRows() : 0;
      const waiting = (await jsm.streams.info(stream)).state.messages;
      if (kill && !killed && n >= views.length * kill.at) {
        killed = true;
        killedCpuMs = processCpuMs(svc.child.pid) - serviceCpuAtStart;
        svc.child.kill('SIGKILL');
        await svc.exited;
        note = `SIGKILL at ${n} rows; second service started`;
        svc = await startService(`${label} (after kill)`);
        serviceCpuAtStart = processCpuMs(svc.child.pid);
      }
      if (waiting === 0) break;
      await sleep(kill && !killed ? 50 : 20);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSince(before);
    const serviceCpuMs = killedCpuMs + processCpuMs(svc.child.pid) - serviceCpuAtStart;
    // A little longer: redeliveries of messages committed but not acked must add nothing.
    await sleep(kill ? 3_000 : 500);
    const result = await check(views.map((v) => v.id));
    const [runs] = await sql<{ n: number }[]>`select count(*)::int as n from task_runs`;
    if (!note) note = `published in ${((published - started) / 1000).toFixed(2)} s`;
    return {
      system: label,
      rows: result.rows,
      seconds,
      machineCpuMs: cpu.machineMs,
      benchCpuMs: cpu.selfMs,
      serviceCpuMs,
      natsCpuMs: cpu.servers['nats-server'] ?? 0,
      pgCpuMs: cpu.servers.postgres ?? 0,
      ownPgCpuMs: cpu.servers[BENCH_DB_BACKENDS] ?? 0,
      note,
      lost: result.lost,
      duplicated: result.duplicated,
      taskRuns: runs!.n,
    };
  } finally {
    await svc.stop('SIGTERM');
    await nc.close();
  }
}

/**
 * The service runs as deployed (`node dist/main.js`), so its build must be current: turbo
 * rebuilds what changed (a no-op when nothing did).
 */
function buildService(): void {
  const built = spawnSync(
    'pnpm',
    ['turbo', 'run', 'build', '--filter', '@repowiki/accesslog-svc...', '--output-logs', 'errors-only'],
    { stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error('accesslog: building accesslog-svc failed');
}

async function main(): Promise<void> {
  buildService();
  console.log(`machine: ${cpus().length} cores; node ${process.version}; load average before: ${loadavg()}`);
  console.log(`${N} page views; scratch database ${dbName}; NATS namespace ${namespace}\n`);
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  let failed = false;
  try {
    await migrate(dbUrl.toString());
    const results: (Row & { lost?: number; duplicated?: number; taskRuns?: number })[] = [];
    const views = pageViews(N);
    // Rounds alternate COPY and ingest of the same rows, so a burst of other work on the
    // machine falls on both; the ratio is taken between their medians.
    const copies: Row[] = [];
    const ingests: Row[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const tag = ROUNDS > 1 ? ` [round ${round}]` : '';
      const copy = await runCopy(views);
      copies.push({ ...copy, system: copy.system + tag });
      const ingest = await runIngest('accesslog-svc ingest (web-tier publisher → service)', views, 'batched');
      ingests.push({ ...ingest, system: ingest.system + tag });
      results.push(copies.at(-1)!, { ...ingest, system: ingest.system + tag });
    }
    if (values.single) {
      results.push(await runIngest('accesslog-svc, one-entry messages (old format)', pageViews(N), 'single'));
    }
    if (!values['no-kill']) {
      results.push(
        await runIngest('accesslog-svc ingest, service SIGKILLed mid-way', pageViews(N), 'batched', {
          at: KILL_AT,
        }),
      );
    }
    const median = (rows: Row[]) => {
      const rates = rows.map((r) => r.rows / r.seconds).sort((a, b) => a - b);
      return rates[Math.floor(rates.length / 2)]!;
    };
    const copyRate = median(copies);
    console.log(
      '| system | rows | s | rows/s | × COPY | CPU µs/row: machine | web tier (bench) | service | nats-server | postgres (all) | postgres (bench db) | lost | duplicated | task_runs rows | note |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    const us = (ms: number, rows: number) => ((ms * 1000) / rows).toFixed(1);
    for (const r of results) {
      const rate = r.rows / r.seconds;
      console.log(
        `| ${r.system} | ${r.rows} | ${r.seconds.toFixed(2)} | ${Math.round(rate)} | ${(rate / copyRate).toFixed(2)} | ${us(r.machineCpuMs, r.rows)} | ${us(r.benchCpuMs, r.rows)} | ${us(r.serviceCpuMs, r.rows)} | ${us(r.natsCpuMs, r.rows)} | ${us(r.pgCpuMs, r.rows)} | ${us(r.ownPgCpuMs, r.rows)} | ${r.lost ?? '-'} | ${r.duplicated ?? '-'} | ${r.taskRuns ?? '-'} | ${r.note} |`,
      );
      if (r.lost || r.duplicated || r.rows !== N) failed = true;
    }
    const paired = ingests.map((r, i) => r.rows / r.seconds / (copies[i]!.rows / copies[i]!.seconds));
    console.log(
      `\ningest / COPY rows/s${ROUNDS > 1 ? ` (medians of ${ROUNDS} rounds)` : ''}: ${((median(ingests) / copyRate) * 100).toFixed(1)}% (target ≥ 50%)`,
    );
    if (ROUNDS > 1) console.log(`per round: ${paired.map((p) => `${(p * 100).toFixed(0)}%`).join(', ')}`);
    console.log(`check rows = entries, 0 lost, 0 duplicated: ${failed ? 'FAILED' : 'ok'}`);
    console.log(`load average after: ${loadavg()}`);
  } finally {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end({ timeout: 5 });
    const nc = await connect({ servers: NATS_URL, noAsyncTraces: true });
    const jsm = await jetstreamManager(nc);
    for (const s of topology.streams()) await jsm.streams.delete(s.name).catch(() => {});
    await nc.close();
  }
  if (failed) process.exit(1);
}

await main();
