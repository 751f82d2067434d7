import type { NatsConnection } from '@nats-io/nats-core';
import type { DbClient } from '@repowiki/db';
import { uniqueName } from '@repowiki/testkit';
import { Registry } from 'prom-client';
import { TaskClient } from '../src/client/task-client.js';
import { TaskMetrics } from '../src/metrics.js';
import { TaskWorker, type TaskWorkerOptions } from '../src/worker/task-worker.js';
import type { RuntimeHandler } from '../src/worker/worker-deps.js';
import { testCatalog } from './test-catalog.js';
import { silent } from './test-handlers.js';

export { silent, sleep, testHandlers } from './test-handlers.js';

export interface Harness {
  namespace: string;
  client: TaskClient;
  workers: TaskWorker[];
  metrics: Registry;
  startWorker(extra?: Partial<TaskWorkerOptions>): Promise<TaskWorker>;
  stop(): Promise<void>;
}

/** A namespace of its own on the shared server, a client and worker factory. */
export function createHarness(
  nc: NatsConnection,
  db: DbClient,
  handlers: Record<string, RuntimeHandler>,
  defaults: Partial<TaskWorkerOptions> = {},
): Harness {
  const namespace = uniqueName('rt');
  const client = new TaskClient({ nc, db, namespace, catalog: testCatalog });
  const workers: TaskWorker[] = [];
  const metrics = new Registry();
  return {
    namespace,
    client,
    workers,
    metrics,
    async startWorker(extra = {}) {
      const w = new TaskWorker({
        nc,
        db,
        queue: 'warehouse',
        handlers,
        serviceName: 'test-svc',
        logger: silent,
        metrics: new TaskMetrics(metrics),
        catalog: testCatalog,
        namespace,
        concurrency: 4,
        ackWaitMs: 2_000,
        ...defaults,
        ...extra,
      });
      await w.start();
      workers.push(w);
      return w;
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop(1_000)));
    },
  };
}
