/**
 * A real worker process for crash and shutdown tests: runs the test catalog's handlers
 * against NATS_URL / DATABASE_URL in namespace NAMESPACE, prints `ready <workerId>` and
 * stops gracefully on SIGTERM (like a service).
 */
import { connect } from '@nats-io/transport-node';
import { createDbClient } from '@repowiki/db';
import { TaskWorker } from '../src/worker/task-worker.js';
import { testCatalog } from './test-catalog.js';
import { silent, testHandlers } from './test-handlers.js';

const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true, name: 'test-worker-process' });
const db = createDbClient(process.env.DATABASE_URL!, { max: 4 });
const worker = new TaskWorker({
  nc,
  db,
  queue: 'warehouse',
  handlers: testHandlers(new Map(), db),
  serviceName: 'child-svc',
  logger: silent,
  catalog: testCatalog,
  namespace: process.env.NAMESPACE,
  concurrency: Number(process.env.CONCURRENCY ?? 4),
  // ACK_WAIT_MS=default keeps the runtime's default (what a crash costs in production).
  ackWaitMs: process.env.ACK_WAIT_MS === 'default' ? undefined : Number(process.env.ACK_WAIT_MS ?? 1_000),
  ...(process.env.LEASE_MS ? { leaseMs: Number(process.env.LEASE_MS) } : {}),
});
await worker.start();
process.stdout.write(`ready ${worker.workerId}\n`);
process.once('SIGTERM', async () => {
  await worker.stop(Number(process.env.GRACE_MS ?? 5_000));
  await nc.drain();
  await db.close();
  process.exit(0);
});
