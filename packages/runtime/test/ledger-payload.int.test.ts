import { jetstream } from '@nats-io/jetstream';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { readDlq } from './dlq-reader.js';
import { createHarness, testHandlers } from './harness.js';

/**
 * A task declared `storePayload: false` (access logs: client addresses) leaves no copy of its
 * payload in `task_runs`, however it arrived: submitted through the TaskClient (the PENDING
 * row keeps it only until a worker claims it), published by any NATS client, or rejected as
 * bad input.
 */
describe('ledger payloads', () => {
  test('a storePayload:false batch task leaves no payload in task_runs; other tasks keep theirs', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const seen: string[] = [];
    const visit = async (items: readonly { payload: { ip: string } }[]) => {
      for (const i of items) seen.push(i.payload.ip);
    };
    const h = createHarness(nc, dbClient, {
      ...testHandlers(new Map()),
      'tasks.warehouse.visit': visit as never,
    });
    await h.startWorker();
    const submitted = await Promise.all(
      ['198.51.100.1', '198.51.100.2'].map((ip) => h.client.submitAny('tasks.warehouse.visit', { ip })),
    );
    const js = jetstream(nc);
    await js.publish(`${h.namespace}.tasks.warehouse.visit`, JSON.stringify({ ip: '198.51.100.3' }), {
      msgID: `${h.namespace}-raw`,
    });
    await js.publish(`${h.namespace}.tasks.warehouse.visit`, JSON.stringify({ ip: 198_51_100_4 }), {
      msgID: `${h.namespace}-bad`,
    });
    const echo = await h.client.submitAny('tasks.warehouse.echo', { value: 'kept' });
    await h.client.result(echo, { timeoutMs: 5_000 });
    const ids = [...submitted, `${h.namespace}-raw`, `${h.namespace}-bad`];
    const rows = await waitFor(async () => {
      const r = await dbClient.sql<{ id: string; state: string; payload: unknown }[]>`
        select id, state, payload from task_runs where id in ${dbClient.sql(ids)} order by id`;
      return r.length === 4 && r.every((x) => x.state === 'SUCCESS' || x.state === 'FAILURE') ? r : undefined;
    });
    expect(seen.sort()).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
    expect(rows.map((r) => r.payload)).toEqual([null, null, null, null]);
    expect(rows.find((r) => r.id === `${h.namespace}-bad`)?.state).toBe('FAILURE');
    const [kept] = await dbClient.sql<
      { payload: unknown }[]
    >`select payload from task_runs where id = ${echo}`;
    expect(kept?.payload).toEqual({ value: 'kept' });
    // The dead letter keeps the message for `tasks dlq replay` (DLQ max_age bounds it).
    expect((await readDlq(jsm, h.client.topology.dlqStream)).map((d) => d.code)).toEqual(['invalid_payload']);
    await h.stop();
  });
});
