/**
 * A chaos worker: one real process (so kill -9 and SIGTERM are real) running a TaskWorker
 * per queue in CHAOS_QUEUES over the chaos catalog, with the runtime's production defaults
 * (ack wait, max_ack_pending) unless the env overrides them. Prints `ready <workerId>`;
 * SIGTERM stops it the way a service stops (grace period, then exit 0).
 */

import { connect } from '@nats-io/transport-node';
import type { Queue } from '@repowiki/contracts';
import { createDbClient } from '@repowiki/db';
import pino from 'pino';
import { TaskWorker } from '../src/worker/task-worker.js';
import { chaosCatalog } from './chaos-catalog.js';
import { chaosHandlers } from './chaos-handlers.js';

const env = process.env;
const optionalInt = (v: string | undefined) => (v ? Number(v) : undefined);
const logger = pino({ level: env.CHAOS_LOG_LEVEL ?? 'warn' }, pino.destination(2));

const nc = await connect({
  servers: env.NATS_URL!.split(','),
  name: 'chaos-worker',
  noAsyncTraces: true,
  // As natsOptionsFromEnv: a NATS restart must not kill the service.
  maxReconnectAttempts: -1,
});
const db = createDbClient(env.DATABASE_URL!, { max: 8, applicationName: 'chaos-worker' });
const handlers = chaosHandlers();
const queues = (env.CHAOS_QUEUES ?? 'warehouse').split(',') as Queue[];
const workers = queues.map(
  (queue) =>
    new TaskWorker({
      nc,
      db,
      queue,
      handlers: Object.fromEntries(
        Object.entries(handlers).filter(
          ([s]) => chaosCatalog[s as keyof typeof chaosCatalog].queue === queue,
        ),
      ),
      serviceName: `chaos-${queue}`,
      logger,
      catalog: chaosCatalog,
      namespace: env.NAMESPACE || undefined,
      concurrency: optionalInt(env.CONCURRENCY),
      maxPerUser: optionalInt(env.MAX_PER_USER),
      ackWaitMs: optionalInt(env.ACK_WAIT_MS),
      maxAckPending: optionalInt(env.MAX_ACK_PENDING),
    }),
);
for (const w of workers) await w.start();
process.stdout.write(`ready ${workers.map((w) => w.workerId).join(',')}\n`);

process.once('SIGTERM', async () => {
  await Promise.all(workers.map((w) => w.stop(optionalInt(env.GRACE_MS) ?? 10_000)));
  await nc.drain().catch(() => {});
  await db.close().catch(() => {});
  process.exit(0);
});
