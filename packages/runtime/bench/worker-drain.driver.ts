/**
 * One measurement of worker-drain.bench.ts, in its own process: prints a DrainResult as JSON.
 * Argument: the number of tasks. Imports the runtime through relative paths only (../src), so
 * the same file can be copied into another checkout (e.g. main's) to measure its code.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDbClient, migrate } from '@repowiki/db';
import pino from 'pino';
import postgres from 'postgres';
import { TaskClient } from '../src/client/task-client.js';
import { TaskWorker } from '../src/worker/task-worker.js';
import { catalog } from './noop-catalog.js';

export interface DrainResult {
  tasks: number;
  wallMs: number;
  /** This process (the worker's: nothing else runs in it while it drains), user + system. */
  cpuUsPerTask: number;
  /** V8 heap bytes allocated per task while draining (GC profiler: used before each GC − after the previous). */
  allocBytesPerTask: number;
  scavenges: number;
  gcMs: number;
}

const WARM_UP = 3_000;
const tasks = Number(process.argv[2] ?? 20_000);

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `rw_drain_${Date.now().toString(36)}${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${dbName}"`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
await migrate(url.toString());
const db = createDbClient(url.toString(), { max: 8 });
const nc = await connect({
  servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  noAsyncTraces: true,
  name: 'drain',
});
const logger = pino({ level: 'warn' });
const namespace = `drain${Date.now().toString(36)}`;
const client = new TaskClient({ nc, db, namespace, catalog });

/** Submits `count` tasks, at most 1,024 in flight. */
async function submitAll(count: number, base: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = base + next++;
      await client.submitAny('tasks.warehouse.noop', { i }, { taskId: `${namespace}-${i}` });
    }
  };
  await Promise.all(Array.from({ length: 1024 }, lane));
}

/** A worker that drains until `count` tasks succeeded. */
async function drain(count: number): Promise<TaskWorker> {
  let done = 0;
  let finished: () => void = () => {};
  const all = new Promise<void>((r) => {
    finished = r;
  });
  const worker = new TaskWorker({
    nc,
    db,
    queue: 'warehouse',
    handlers: { 'tasks.warehouse.noop': async () => null },
    serviceName: 'drain',
    logger,
    catalog,
    namespace,
    concurrency: 1024,
    maxAckPending: 20_000,
    onSettled: (s) => {
      if (s.state === 'SUCCESS' && ++done === count) finished();
    },
  });
  await worker.start();
  await all;
  return worker;
}

try {
  // Warm-up: JIT, pools, prepared statements, the streams, through a worker of its own.
  await submitAll(WARM_UP, 1_000_000);
  await (await drain(WARM_UP)).stop(5_000);

  await submitAll(tasks, 0);
  (globalThis as { gc?: () => void }).gc?.();
  // WORKER_DRAIN_HEAP_PROFILE=<file>: V8's sampling heap profile of the drain (where the
  // allocation comes from; open it in Chrome DevTools, or see the bench's --top). It costs
  // CPU: a profiled run's CPU figure is not comparable.
  // WORKER_DRAIN_CPU_PROFILE=<file>: a CPU profile of the drain (.cpuprofile).
  const heapProfile = process.env.WORKER_DRAIN_HEAP_PROFILE;
  const cpuProfile = process.env.WORKER_DRAIN_CPU_PROFILE;
  const session = heapProfile || cpuProfile ? new Session() : undefined;
  session?.connect();
  if (session && cpuProfile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  if (session && heapProfile) {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      // Everything allocated, not only what is still alive at the end.
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  const profiler = new GCProfiler();
  const usedAtStart = getHeapStatistics().used_heap_size;
  const cpu0 = process.cpuUsage();
  profiler.start();
  const started = performance.now();
  const worker = await drain(tasks);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const usedAtEnd = getHeapStatistics().used_heap_size;
  const profile = profiler.stop();
  if (session && heapProfile) {
    const { profile: sampled } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(heapProfile, JSON.stringify(sampled));
  }
  if (session && cpuProfile) {
    const { profile: cpu } = await session.post('Profiler.stop');
    writeFileSync(cpuProfile, JSON.stringify(cpu));
  }
  session?.disconnect();
  await worker.stop(5_000);

  let allocated = 0;
  let after = usedAtStart;
  let scavenges = 0;
  let gcMs = 0;
  for (const s of profile?.statistics ?? []) {
    allocated += s.beforeGC.heapStatistics.usedHeapSize - after;
    after = s.afterGC.heapStatistics.usedHeapSize;
    if (s.gcType === 'Scavenge') scavenges++;
    gcMs += s.cost / 1000; // µs
  }
  allocated += usedAtEnd - after;
  const result: DrainResult = {
    tasks,
    wallMs,
    cpuUsPerTask: (cpu.user + cpu.system) / tasks,
    allocBytesPerTask: allocated / tasks,
    scavenges,
    gcMs,
  };
  const jsm = await jetstreamManager(nc);
  for (const s of client.topology.streams()) await jsm.streams.delete(s.name).catch(() => {});
  console.log(JSON.stringify(result));
} finally {
  await client.close();
  await nc.close();
  await db.close();
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
  await admin.end();
}
