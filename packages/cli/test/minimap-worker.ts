import type { NatsConnection } from '@nats-io/nats-core';
import type { DbClient } from '@repowiki/db';
import {
  NonRetriableError,
  RetryAfterError,
  registerMicroService,
  type TaskContext,
  TaskWorker,
} from '@repowiki/runtime';
import { TaskClient } from '@repowiki/runtime/client';
import { uniqueName } from '@repowiki/testkit';
import pino from 'pino';
import { inject, onTestFinished } from 'vitest';

/**
 * A real runtime worker on the minimap queue with test handlers, registered as the
 * `minimap-svc` micro service, for the CLI to observe and drive.
 */
export async function startMinimapWorker(
  nc: NatsConnection,
  db: DbClient,
  namespace: string,
  options: { concurrency?: number } = {},
) {
  const logger = pino({ level: 'silent' });
  /** Warehouse ids whose `validate` fails (non-retriable: straight to the DLQ). */
  const failing = new Set<string>();
  /** Warehouse ids whose `validate` fails (retried after 150 ms) this many more times. */
  const flaky = new Map<string, number>();
  /** Runs of `validate` per warehouse id (each handler run is one effect). */
  const validations = new Map<string, number>();
  let release: () => void = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  const worker = new TaskWorker({
    nc,
    db,
    namespace,
    queue: 'minimap',
    serviceName: 'minimap-svc',
    logger,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    handlers: {
      'tasks.minimap.validate': async (payload: unknown, ctx: TaskContext) => {
        const { warehouseId } = payload as { warehouseId: string };
        validations.set(warehouseId, (validations.get(warehouseId) ?? 0) + 1);
        ctx.progress({ percent: 50, step: 'links', message: 'checking links' });
        await new Promise((r) => setTimeout(r, 400));
        if (failing.has(warehouseId)) throw new NonRetriableError(`map of ${warehouseId} is broken`);
        const left = flaky.get(warehouseId) ?? 0;
        if (left > 0) {
          flaky.set(warehouseId, left - 1);
          throw new RetryAfterError(150, `map of ${warehouseId} is not ready`);
        }
        return { valid: true, nodes: 3, depth: 2, problems: [] };
      },
      // Slow: runs until the test releases it (or it is revoked).
      'tasks.minimap.cleanup': async (_payload: unknown, ctx: TaskContext) => {
        await Promise.race([
          released,
          new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true })),
        ]);
        // Aborted (revoke): stop here, as a handler should. One that returned a value instead
        // would have finished its work, and the ledger would say SUCCESS.
        ctx.signal.throwIfAborted();
        return { deleted: 0 };
      },
      'tasks.minimap.generate': async () => ({ generated: [] }),
    },
  });
  await worker.start();
  const svc = await registerMicroService({
    nc,
    topology: worker.topology,
    name: 'minimap-svc',
    version: '9.9.9',
    description: 'test worker',
    logger,
    source: worker,
    queue: 'minimap',
  });
  return {
    worker,
    failing,
    flaky,
    validations,
    release,
    async stop() {
      release();
      await svc.stop();
      await worker.stop(2_000);
    },
  };
}

/**
 * The usual scene of a CLI test: a minimap worker in a namespace of its own (stopped when the
 * test ends), the CLI's environment for that namespace, and a TaskClient on it.
 */
export async function cliScene(
  nc: NatsConnection,
  db: DbClient,
  databaseUrl: string,
  options: { concurrency?: number } = {},
) {
  const ns = uniqueName('cli');
  const w = await startMinimapWorker(nc, db, ns, options);
  onTestFinished(() => w.stop());
  const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
  const client = new TaskClient({ nc, db, namespace: ns });
  return { ns, w, env, client };
}
