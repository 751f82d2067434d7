/**
 * A worker process whose CRASH_SUBJECT handler kills its own process (like an
 * OOM or a segfault would): prints `ready <workerId>`, exits 70 when the task runs.
 */
import { connect } from '@nats-io/transport-node';
import { createDbClient } from '@repowiki/db';
import { TaskWorker } from '../src/worker/task-worker.js';
import { testCatalog } from './test-catalog.js';
import { silent, testHandlers } from './test-handlers.js';

const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true, name: 'crashing-worker' });
const db = createDbClient(process.env.DATABASE_URL!, { max: 2 });
const worker = new TaskWorker({
  nc,
  db,
  queue: 'warehouse',
  handlers: {
    ...testHandlers(new Map(), db),
    [process.env.CRASH_SUBJECT!]: async () => process.exit(70),
  },
  serviceName: 'crashing-svc',
  logger: silent,
  catalog: testCatalog,
  namespace: process.env.NAMESPACE,
  concurrency: 1,
  ackWaitMs: Number(process.env.ACK_WAIT_MS ?? 1_000),
});
await worker.start();
process.stdout.write(`ready ${worker.workerId}\n`);
