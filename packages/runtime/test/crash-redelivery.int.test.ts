import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { startChildWorker } from './child-worker.js';
import { createHarness, testHandlers } from './harness.js';

/**
 * A worker killed mid-task (OOM, kill -9, a node lost) cannot ack or nak: its tasks come
 * back only when JetStream's ack wait lapses. With the DEFAULT ack wait that must stay
 * under 10 s, while live workers keep their deliveries with heartbeats.
 */
describe('crash redelivery with the default ack wait', () => {
  test('kill -9 mid-task: the surviving worker starts the task within 10 s and it completes once', async ({
    nc,
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    await dbClient.sql`truncate test_effects`;
    const effects = new Map<string, number>();
    // Both workers on the runtime's defaults (the harness would set a 2 s ack wait).
    const h = createHarness(nc, dbClient, testHandlers(effects, dbClient), { ackWaitMs: undefined });
    const doomed = await startChildWorker({
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
      NAMESPACE: h.namespace,
      ACK_WAIT_MS: 'default',
    });
    // Still running when the kill comes even if the survivor is slow to start (the test
    // catalog's soft limit is 5 s).
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'killed', ms: 4_500 });
    await waitFor(
      async () => {
        const s = await h.client.status(id);
        return ['STARTED', 'PROGRESS'].includes(s.state) && s.workerId === doomed.workerId;
      },
      { timeoutMs: 20_000 },
    );
    const survivor = await h.startWorker();
    expect((await h.client.status(id)).state).not.toBe('SUCCESS');
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const killedAt = Date.now();
    await waitFor(async () => (await h.client.status(id)).workerId === survivor.workerId, {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    const redeliveredAfterMs = Date.now() - killedAt;
    expect(redeliveredAfterMs).toBeLessThan(10_000);
    await expect(h.client.result(id, { timeoutMs: 15_000 })).resolves.toEqual({ key: 'killed' });
    const [row] = await dbClient.sql<
      { n: number }[]
    >`select count(*)::int as n from test_effects where key = 'killed'`;
    expect(row?.n).toBe(1);
    // The killed worker's attempt is kept as LOST; the survivor's is the row itself.
    const [run] = await dbClient.sql<{ log: { attempt: number; state: string; workerId: string }[] }[]>`
      select attempt_log as log from task_runs where id = ${id}`;
    expect(run?.log.map((a) => [a.attempt, a.state, a.workerId])).toEqual([[1, 'LOST', doomed.workerId]]);
    await h.stop();
  }, 60_000);
});
