import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { TaskClient } from '../src/client/task-client.js';
import { ensureStreams } from '../src/nats/ensure-streams.js';
import { TaskWorker } from '../src/worker/task-worker.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { catalog } from './noop-catalog.js';
import { drive, LatencyRecorder, type RunResult, summarise, taskIndex } from './stats.js';

/**
 * The producer's side of the runtime alone (issue 17): `submit` as an enqueue rate (each call
 * returns once its PENDING row is fsynced and its message confirmed by the stream; no worker
 * running), and the latency of `status()` and `result()` one call at a time.
 */

interface Options {
  nc: NatsConnection;
  db: DbClient;
  logger: Logger;
  tasks: number;
}

const WARM_UP = 3_000;
const SYSTEM = 'repowiki client';

async function dropStreams(nc: NatsConnection, client: TaskClient): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const s of client.topology.streams()) await jsm.streams.delete(s.name).catch(() => {});
}

/** `submit` at full speed (1,024 in flight), nothing consuming: the enqueue rate. */
export async function benchSubmit(o: Options): Promise<RunResult> {
  const namespace = `benchs${Date.now().toString(36)}`;
  const client = new TaskClient({ nc: o.nc, db: o.db, namespace, catalog });
  await ensureStreams(await jetstreamManager(o.nc), client.topology);
  await drive(WARM_UP, (i) => client.submitAny('tasks.warehouse.noop', { i: -1 - i }), { window: 1024 });
  const recorder = new LatencyRecorder(o.tasks);
  const cpu0 = cpuSnapshot();
  const started = performance.now();
  await drive(
    o.tasks,
    (i) => {
      recorder.submit(i);
      return client.submitAny('tasks.warehouse.noop', { i }).then(() => recorder.done(i));
    },
    { window: 1024 },
  );
  await recorder.completed;
  const ended = performance.now();
  const cpu = cpuSince(cpu0);
  await dropStreams(o.nc, client);
  return summarise(SYSTEM, 'submit only', recorder.values(), started, ended, cpu);
}

/** Runs `count` calls of `call` one after another; returns their latencies in ms. */
async function sequential(count: number, call: (i: number) => Promise<unknown>) {
  const latencies: number[] = new Array(count);
  const cpu0 = cpuSnapshot();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await call(i);
    latencies[i] = performance.now() - t0;
  }
  const ended = performance.now();
  return { latencies, started, ended, cpu: cpuSince(cpu0) };
}

/**
 * Latency of the reads, one call at a time, with a worker running: `status()` of a finished
 * task, `result()` of a finished task, and `submit` followed by `result()` (the caller's
 * whole round trip for one task, woken by the completion event).
 */
export async function benchReads(o: Options): Promise<RunResult[]> {
  const namespace = `benchr${Date.now().toString(36)}`;
  const client = new TaskClient({ nc: o.nc, db: o.db, namespace, catalog });
  const count = 2_000;
  let settled = 0;
  let allSettled: () => void = () => {};
  const done = new Promise<void>((r) => {
    allSettled = r;
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
    onSettled: (s) => {
      if (s.state === 'SUCCESS' && ++settled === WARM_UP + count) allSettled();
    },
  });
  await worker.start();
  const ids: string[] = new Array(count);
  await drive(WARM_UP, (i) => client.submitAny('tasks.warehouse.noop', { i: -1 - i }), { window: 1024 });
  await drive(
    count,
    async (i) => {
      ids[i] = await client.submitAny('tasks.warehouse.noop', { i });
    },
    { window: 1024 },
  );
  await done;
  // Warm the read paths (prepared statements, JIT) before timing.
  for (let i = 0; i < 200; i++) await client.status(ids[i]!);
  for (let i = 0; i < 200; i++) await client.result(ids[i]!);
  const pick = (i: number) => ids[(i * 7919) % count]!;
  const out: RunResult[] = [];
  const status = await sequential(count, (i) => client.status(pick(i)));
  out.push(
    summarise(SYSTEM, 'status(), 1 at a time', status.latencies, status.started, status.ended, status.cpu),
  );
  const result = await sequential(count, (i) => client.result(pick(i)));
  out.push(
    summarise(SYSTEM, 'result() of a done task', result.latencies, result.started, result.ended, result.cpu),
  );
  const roundTrip = await sequential(500, async (i) =>
    client.result(await client.submitAny('tasks.warehouse.noop', { i: count + i }), { timeoutMs: 10_000 }),
  );
  out.push(
    summarise(
      SYSTEM,
      'submit → result(), 1 at a time',
      roundTrip.latencies,
      roundTrip.started,
      roundTrip.ended,
      roundTrip.cpu,
    ),
  );
  await worker.stop(5_000);
  await dropStreams(o.nc, client);
  return out;
}

export { taskIndex };
