import { randomUUID } from 'node:crypto';
import { HEADERS } from '@repowiki/contracts';
import { textArray } from '@repowiki/db';
import { test, uniqueName } from '@repowiki/testkit';
import { describe, expect, onTestFinished } from 'vitest';
import { LedgerMaintenance } from '../src/client/ledger-maintenance.js';
import { TaskClient } from '../src/client/task-client.js';
import { deleteExpiredRuns } from '../src/ledger/retention.js';
import { ensureStreams } from '../src/nats/ensure-streams.js';
import { testCatalog } from './test-catalog.js';

const DAY_MS = 86_400_000;

describe('pending sweep', () => {
  test('a PENDING row left by a crash before its publish is published once, rebuilt from the row', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const ns = uniqueName('mnt');
    const client = new TaskClient({ nc, db: dbClient, namespace: ns, catalog: testCatalog });
    onTestFinished(() => client.close());
    await ensureStreams(jsm, client.topology);
    const orphan = randomUUID();
    const young = randomUUID();
    const notBefore = new Date(Date.now() - 30_000).toISOString();
    // What a producer that died between the PENDING commit and the publish leaves behind.
    await dbClient.sql`
      insert into task_runs (id, name, queue, state, payload, user_id, correlation_id, parent_id, not_before, submitted_at)
      values (${orphan}, 'tasks.warehouse.echo', 'warehouse', 'PENDING', '{"value":"lost"}', 'u-1', 'c-1', 'p-1',
              ${notBefore}, now() - interval '2 minutes'),
             (${young}, 'tasks.warehouse.echo', 'warehouse', 'PENDING', '{"value":"young"}', null, null, null,
              null, now() - interval '5 seconds'),
             (${randomUUID()}, 'tasks.warehouse.echo', 'warehouse', 'SUCCESS', '{"value":"done"}', null, null, null,
              null, now() - interval '2 minutes')`;
    const maintenance = new LedgerMaintenance({ client, pendingAfterMs: 60_000, lookbackMs: 600_000 });
    // Stopped before the fixtures close the pool: the leader holds a reserved connection.
    try {
      expect(await maintenance.runOnce()).toMatchObject({ leader: true, republished: 1 });
      // Each row is looked at once: the next round publishes nothing.
      expect(await maintenance.runOnce()).toMatchObject({ leader: true, republished: 0 });
    } finally {
      await maintenance.stop();
    }

    const stream = client.topology.taskStream('warehouse');
    const { state } = await jsm.streams.info(stream);
    expect(state.messages).toBe(1);
    const m = await jsm.streams.getMessage(stream, { seq: state.last_seq });
    expect(m?.json()).toEqual({ value: 'lost' });
    expect(m?.header.get(HEADERS.taskId)).toBe(orphan);
    expect(m?.header.get(HEADERS.msgId)).toBe(orphan);
    expect(m?.header.get(HEADERS.userId)).toBe('u-1');
    expect(m?.header.get(HEADERS.correlationId)).toBe('c-1');
    expect(m?.header.get(HEADERS.parentId)).toBe('p-1');
    expect(m?.header.get(HEADERS.notBefore)).toBe(notBefore);
  });

  test('only one replica maintains the ledger at a time; another takes over when it stops', async ({
    nc,
    dbClient,
  }) => {
    const client = new TaskClient({ nc, db: dbClient, namespace: uniqueName('mnt'), catalog: testCatalog });
    onTestFinished(() => client.close());
    const a = new LedgerMaintenance({ client });
    const b = new LedgerMaintenance({ client });
    try {
      expect((await a.runOnce()).leader).toBe(true);
      expect((await b.runOnce()).leader).toBe(false);
      await a.stop();
      expect((await b.runOnce()).leader).toBe(true);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('result expiry', () => {
  test('deletes finished runs older than the expiry in batches; keeps fresh and unfinished ones', async ({
    dbClient,
  }) => {
    const sql = dbClient.sql;
    const row = (state: string, submittedDaysAgo: number, finishedDaysAgo: number | null) => sql`
      insert into task_runs (id, name, queue, state, submitted_at, finished_at)
      values (${`${state}-${submittedDaysAgo}-${finishedDaysAgo}-${randomUUID()}`}, 'tasks.warehouse.echo', 'warehouse',
              ${state}::task_state, now() - ${submittedDaysAgo} * interval '1 day',
              ${finishedDaysAgo === null ? null : sql`now() - ${finishedDaysAgo} * interval '1 day'`})
      returning id`;
    const expired = [
      ...(await row('SUCCESS', 5, 4)),
      ...(await row('FAILURE', 5, 4)),
      ...(await row('REVOKED', 4, 4)),
    ].map((r) => r.id as string);
    const kept = [
      ...(await row('SUCCESS', 1, 1)), // fresh
      ...(await row('SUCCESS', 10, 0.01)), // submitted long ago, finished just now
      ...(await row('PENDING', 10, null)), // never final: never expires
      ...(await row('STARTED', 10, null)),
      ...(await row('RETRY', 10, null)),
    ].map((r) => r.id as string);
    // Enough to need several batches.
    await sql`
      insert into task_runs (id, name, queue, state, submitted_at, finished_at)
      select 'bulk-' || g, 'tasks.warehouse.echo', 'warehouse', 'SUCCESS', now() - interval '6 days', now() - interval '6 days'
      from generate_series(1, 2500) g`;

    const deleted = await deleteExpiredRuns(dbClient.ledgerSql, {
      olderThanMs: 3 * DAY_MS,
      batchSize: 1_000,
    });
    expect(deleted).toBe(2_503);
    const left = await sql<
      { id: string }[]
    >`select id from task_runs where id = any(${textArray([...expired, ...kept])}::text::text[])`;
    expect(left.map((r) => r.id).sort()).toEqual([...kept].sort());
    expect((await sql`select 1 from task_runs where id like 'bulk-%'`).length).toBe(0);
  });

  test('the scan by submission time uses task_runs_submitted_idx, not a full scan of the ledger', async ({
    dbClient,
  }) => {
    const sql = dbClient.sql;
    await sql`
      insert into task_runs (id, name, queue, state, submitted_at, finished_at)
      select 'hist-' || g, 'tasks.warehouse.echo', 'warehouse', 'SUCCESS',
             now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
      from generate_series(1, 20000) g`;
    await sql`analyze task_runs`;
    const plan = await sql.unsafe(`
      explain select id from task_runs
      where (submitted_at, id) > (now() - interval '2 minutes', '') and submitted_at < now() - interval '1 minute'
        and state = 'PENDING' order by submitted_at, id limit 200`);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/task_runs_submitted_idx/);
  });
});
