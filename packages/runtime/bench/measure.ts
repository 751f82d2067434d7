/** One measurement of runtime.bench.ts, in its own process; prints a RunResult as JSON. */
import { connect } from '@nats-io/transport-node';
import { createDbClient, migrate } from '@repowiki/db';
import pino from 'pino';
import postgres from 'postgres';
import { benchBullmq } from './bullmq.driver.js';
import { benchReads, benchSubmit } from './client.driver.js';
import { setBenchDatabase } from './cpu.js';
import { benchFloor } from './floor.driver.js';
import { benchRuntime } from './runtime.driver.js';

const [system, mode, tasks, pacedTasks, rate] = process.argv.slice(2);
const options = { tasks: Number(tasks), pacedTasks: Number(pacedTasks), rate: Number(rate) };
const paced = mode === 'paced';

if (system === 'bullmq') {
  const result = await benchBullmq(
    { redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', ...options },
    paced,
  );
  console.log(JSON.stringify(result));
} else {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `rw_bench_${Date.now().toString(36)}`;
  setBenchDatabase(dbName);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  await migrate(url.toString());
  const db = createDbClient(url.toString(), { max: 8 });
  const nc = await connect({
    servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    noAsyncTraces: true,
    name: 'bench',
  });
  try {
    const logger = pino({ level: 'warn' });
    const result =
      system === 'floor'
        ? await benchFloor({ nc, db, ...options }, paced)
        : system === 'client'
          ? mode === 'submit'
            ? await benchSubmit({ nc, db, logger, tasks: options.tasks })
            : await benchReads({ nc, db, logger, tasks: options.tasks })
          : await benchRuntime({ nc, db, logger, ...options }, paced);
    console.log(JSON.stringify(result));
  } finally {
    await nc.drain();
    await db.close();
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}
