import { createDbClient } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import postgres from 'postgres';
import { describe, expect, inject } from 'vitest';
import { createHarness, sleep, testHandlers } from './harness.js';

describe('final write during a database outage', () => {
  test('the connection dies right after the handler completes: it ran once and ends SUCCESS', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const database = new URL(databaseUrl).pathname.slice(1);
    // The worker gets pools of its own, so that only its connections are cut.
    const workerDb = createDbClient(databaseUrl, { max: 4, applicationName: 'ledger-under-test' });
    // On the server's admin database: a database cannot refuse connections while its own
    // session runs the ALTER.
    const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => {} });
    let runs = 0;
    let outageOver: Promise<unknown> = Promise.resolve();
    const h = createHarness(
      nc,
      dbClient,
      {
        ...testHandlers(new Map()),
        'tasks.warehouse.echo': async (p: unknown) => {
          runs++;
          // A real fault between the handler's return and its final write: the database
          // stops accepting connections and the worker's are terminated (as in a restart).
          await admin.unsafe(`alter database "${database}" with allow_connections false`);
          await admin`select pg_terminate_backend(pid) from pg_stat_activity
                      where application_name = 'ledger-under-test'`;
          outageOver = sleep(1_500).then(() =>
            admin.unsafe(`alter database "${database}" with allow_connections true`),
          );
          return { value: (p as { value: string }).value };
        },
      },
      { ackWaitMs: 1_000, db: workerDb },
    );
    try {
      await h.startWorker();
      const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'kept' });
      await waitFor(() => runs === 1);
      await outageOver;
      await waitFor(async () => (await h.client.status(id)).state === 'SUCCESS', { timeoutMs: 10_000 });
      await sleep(1_500);
      expect(runs).toBe(1);
      expect(await h.client.status(id)).toMatchObject({
        state: 'SUCCESS',
        attempts: 1,
        result: { value: 'kept' },
      });
      await h.stop();
    } finally {
      await admin.unsafe(`alter database "${database}" with allow_connections true`);
      await admin.end({ timeout: 5 });
      await workerDb.close();
    }
  });
});
