import { deleteAccessRecordsBefore } from '@repowiki/db';
import { createTestBatchContext, createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { accessItem } from '../testing/access-entries.js';
import { cleanupAccessRecords } from './cleanup.handler.js';
import { recordAccessBatch } from './record.handler.js';

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

describe('tasks.accesslog.cleanup', () => {
  test('deletes records older than daysToKeep and keeps the rest', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    const batch = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const kept = [accessItem({ occurredAt: daysAgo(1) }), accessItem({ occurredAt: daysAgo(29) })];
    await recordAccessBatch(
      [accessItem({ occurredAt: daysAgo(31) }), accessItem({ occurredAt: daysAgo(400) }), ...kept],
      batch,
    );

    const ctx = createTestContext(dbClient, 'tasks.accesslog.cleanup');
    expect(await cleanupAccessRecords({ daysToKeep: 30 }, ctx)).toEqual({ deleted: 2 });
    const rows = await dbClient.sql<
      { message_id: string }[]
    >`select message_id from access_records order by occurred_at desc`;
    expect(rows.map((r) => r.message_id)).toEqual(kept.map((k) => k.taskId));
    expect(await cleanupAccessRecords({ daysToKeep: 30 }, ctx)).toEqual({ deleted: 0 });
  });

  test('loops over bounded batches until everything expired is gone', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    const batch = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    await recordAccessBatch(
      Array.from({ length: 7 }, () => accessItem({ occurredAt: daysAgo(100) })),
      batch,
    );
    const deleted = await deleteAccessRecordsBefore(
      dbClient.sql,
      new Date(),
      new AbortController().signal,
      3,
    );
    expect(deleted).toBe(7);
    const [row] = await dbClient.sql<{ n: number }[]>`select count(*)::int as n from access_records`;
    expect(row?.n).toBe(0);
  });

  test('stops when the task is aborted', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    await recordAccessBatch(
      [accessItem({ occurredAt: daysAgo(100) })],
      createTestBatchContext(dbClient, 'tasks.accesslog.record'),
    );
    const ctx = createTestContext(dbClient, 'tasks.accesslog.cleanup');
    ctx.abort.abort(new Error('soft time limit'));
    await expect(cleanupAccessRecords({ daysToKeep: 30 }, ctx)).rejects.toThrow('soft time limit');
    const [row] = await dbClient.sql<{ n: number }[]>`select count(*)::int as n from access_records`;
    expect(row?.n).toBe(1);
  });
});
