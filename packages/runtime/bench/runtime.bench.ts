/**
 * `pnpm bench runtime [--tasks N] [--paced-seconds S] [--rate R]`
 *
 * The same no-op workload through our runtime (JetStream + PostgreSQL ledger, group
 * commit) and through BullMQ on Redis, side by side in one run: tasks/s and p50/p99
 * submit-to-done latency, at full speed and paced at 2,000 tasks/s. Producer and worker
 * share this process (and the machine's two cores with NATS, PostgreSQL and Redis).
 *
 * Uses NATS_URL, DATABASE_URL (a scratch database is created and dropped) and REDIS_URL,
 * defaulting to the machine's services on 127.0.0.1.
 */
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { createDbClient, migrate } from '@repowiki/db';
import pino from 'pino';
import postgres from 'postgres';
import { benchBullmq } from './bullmq.driver.js';
import { benchRuntime } from './runtime.driver.js';
import { printTable, type RunResult } from './stats.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '30000' },
    'paced-seconds': { type: 'string', default: '8' },
    rate: { type: 'string', default: '2000' },
    only: { type: 'string' },
  },
});
const tasks = Number(values.tasks);
const rate = Number(values.rate);
const pacedTasks = Math.round(rate * Number(values['paced-seconds']));
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const dbName = `rw_bench_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${dbName}"`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
await migrate(dbUrl.toString());
const db = createDbClient(dbUrl.toString(), { max: 8 });
const nc = await connect({ servers: natsUrl, noAsyncTraces: true, name: 'bench' });
const logger = pino({ level: 'warn' });

const results: RunResult[] = [];
try {
  console.log(`machine: ${(await import('node:os')).cpus().length} cores; node ${process.version}`);
  console.log(`full speed: ${tasks} tasks; paced: ${pacedTasks} tasks at ${rate}/s\n`);
  if (values.only !== 'bullmq') {
    results.push(...(await benchRuntime({ nc, db, logger, tasks, pacedTasks, rate })));
  }
  if (values.only !== 'runtime') {
    results.push(...(await benchBullmq({ redisUrl, tasks, pacedTasks, rate })));
  }
  printTable(results);
  const ours = results.find((r) => r.system === 'repowiki runtime' && r.mode === 'full speed');
  const theirs = results.find((r) => r.system === 'BullMQ' && r.mode === 'full speed');
  if (ours && theirs) console.log(`throughput ratio (runtime / BullMQ): ${(ours.perSecond / theirs.perSecond).toFixed(2)}×`);
  console.log('\nDurability differs: the runtime commits every state change to PostgreSQL (fsync) before acking;');
  console.log('nats-server acknowledges a publish before fsync (sync every 2 min); Redis here keeps nothing on disk.');
} finally {
  await nc.drain();
  await db.close();
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
}
