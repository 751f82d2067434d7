import { deleteAccessRecordsBefore } from '@repowiki/db';
import { createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { insertAccess } from '../testing/seed.js';
import { cleanupAccessRecords } from './cleanup-access-records.handler.js';

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const count = async (sql: import('@repowiki/db').DbClient['sql']) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from access_records`)[0]?.n;

describe('tasks.statistics.cleanup-access-records', () => {
  test('deletes records older than daysToKeep, keeps newer ones', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    for (const d of [91, 120, 89, 1]) await insertAccess(dbClient.sql, { occurredAt: daysAgo(d) });
    const ctx = createTestContext(dbClient, 'tasks.statistics.cleanup-access-records');
    expect(await cleanupAccessRecords({ daysToKeep: 90 }, ctx)).toEqual({ deleted: 2 });
    expect(await count(dbClient.sql)).toBe(2);
  });

  test('works through a backlog larger than one batch', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    for (let i = 0; i < 5; i++) await insertAccess(dbClient.sql, { occurredAt: daysAgo(200) });
    await insertAccess(dbClient.sql);
    expect(
      await deleteAccessRecordsBefore(
        dbClient.sql,
        new Date(Date.now() - 86_400_000),
        new AbortController().signal,
        2,
      ),
    ).toBe(5);
    expect(await count(dbClient.sql)).toBe(1);
  });

  test('an aborted task stops before deleting', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    await insertAccess(dbClient.sql, { occurredAt: daysAgo(200) });
    const ctx = createTestContext(dbClient, 'tasks.statistics.cleanup-access-records');
    ctx.abort.abort(new Error('revoked'));
    await expect(cleanupAccessRecords({ daysToKeep: 90 }, ctx)).rejects.toThrow('revoked');
    expect(await count(dbClient.sql)).toBe(1);
  });
});
