import type { NatsConnection } from '@nats-io/nats-core';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { TaskClient } from '../src/client/task-client.js';
import { TaskWorker } from '../src/worker/task-worker.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { catalog } from './noop-catalog.js';
import { drive, LatencyRecorder, type RunResult, summarise, taskIndex } from './stats.js';

interface Options {
  nc: NatsConnection;
  db: DbClient;
  logger: Logger;
  tasks: number;
  pacedTasks: number;
  rate: number;
}

/** Warm-up tasks through the measured client, worker, streams and pools before timing. */
const WARM_UP = 3_000;

async function run(o: Options, mode: string, count: number, ratePerSec?: number): Promise<RunResult> {
  const namespace = `bench${Date.now().toString(36)}`;
  const client = new TaskClient({ nc: o.nc, db: o.db, namespace, catalog });
  const recorder = new LatencyRecorder(count);
  // Warm the measured path itself (JIT, connections, prepared statements, the new stream's
  // files): a long-running service is never measured cold. Untimed; completions ignored.
  let warm = 0;
  let warmed: () => void = () => {};
  const warmedUp = new Promise<void>((resolve) => {
    warmed = resolve;
  });
  const worker = new TaskWorker({
    nc: o.nc,
    db: o.db,
    queue: 'warehouse',
    handlers: { 'tasks.warehouse.noop': async () => null },
    serviceName: 'bench',
    logger: o.logger,
    catalog,
    namespace,
    concurrency: 1024,
    maxAckPending: 20_000,
    // Done where BullMQ's worker emits `completed` (and the floor acks): in the worker's
    // process, once the SUCCESS row is committed and the message acked. The succeeded event
    // is still published into the EVENTS stream, as BullMQ still XADDs its events stream;
    // neither is read here.
    onSettled: (s) => {
      if (s.state !== 'SUCCESS') return;
      if (s.taskId.startsWith(namespace)) recorder.done(taskIndex(s.taskId));
      else if (++warm === WARM_UP) warmed();
    },
  });
  await worker.start();
  await drive(WARM_UP, (i) => client.submitAny('tasks.warehouse.noop', { i: -1 - i }), { window: 1024 });
  await warmedUp;
  const cpu0 = cpuSnapshot();
  const started = performance.now();
  await drive(
    count,
    (i) => {
      recorder.submit(i);
      return client.submitAny('tasks.warehouse.noop', { i }, { taskId: `${namespace}-${i}` });
    },
    { ratePerSec, window: 1024 },
  );
  await recorder.completed;
  const ended = performance.now();
  const cpu = cpuSince(cpu0);
  await worker.stop(5_000);
  if (process.env.BENCH_PG_STATS === '1') await printLedgerStats(o.db, mode, count);
  const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(o.nc);
  for (const s of client.topology.streams()) await jsm.streams.delete(s.name).catch(() => {});
  return summarise('repowiki runtime', mode, recorder.values(), started, ended, cpu);
}

/**
 * `BENCH_PG_STATS=1`: the ledger table's row writes per measured task (warm-up included in
 * the counts, hence per (tasks + warm-up)), and how many updates were HOT, on stderr. Backends
 * report their counters to pg_stat_user_tables only when idle for a while: waits 11 s first.
 */
async function printLedgerStats(db: DbClient, mode: string, count: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 11_000));
  const [t] = await db.sql<{ ins: number; upd: number; hot: number }[]>`
    select n_tup_ins::int as ins, n_tup_upd::int as upd, n_tup_hot_upd::int as hot
    from pg_stat_user_tables where relname = 'task_runs'`;
  if (!t) return;
  const n = count + WARM_UP;
  process.stderr.write(
    `task_runs (${mode}, ${n} tasks incl. warm-up): inserts ${t.ins} (${(t.ins / n).toFixed(2)}/task), ` +
      `updates ${t.upd} (${(t.upd / n).toFixed(2)}/task), HOT ${t.hot} (${((100 * t.hot) / Math.max(1, t.upd)).toFixed(0)}% of updates)\n`,
  );
}

/** One measurement, after a warm-up through the same client, worker and streams. */
export async function benchRuntime(o: Options, paced: boolean): Promise<RunResult> {
  return paced ? run(o, `paced ${o.rate}/s`, o.pacedTasks, o.rate) : run(o, 'full speed', o.tasks);
}
