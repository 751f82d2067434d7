import { createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { describe, expect, it } from 'vitest';
import { insertAccess, insertDocument, insertUser, insertWarehouse } from '../testing/seed.js';
import { dailyStatistics, yesterdayUtc } from './daily.handler.js';

describe('tasks.statistics.daily', () => {
  test('counts what happened on that UTC day and upserts it by date', async ({ dbClient }) => {
    const { sql } = dbClient;
    const ctx = createTestContext(dbClient, 'tasks.statistics.daily');
    await insertUser(sql, '2026-11-29T00:00:00Z');
    await insertUser(sql, '2026-11-29T23:59:59Z');
    await insertUser(sql, '2026-11-28T23:59:59Z'); // the day before
    await insertUser(sql, '2026-11-30T01:00:00+02:00'); // 23:00 UTC on the 29th
    const w = await insertWarehouse(sql, { createdAt: '2026-11-29T12:00:00Z' });
    await insertWarehouse(sql, { createdAt: '2026-11-30T00:00:00Z' });
    await insertDocument(sql, w, '2026-11-29T13:00:00Z');
    await insertAccess(sql, { occurredAt: '2026-11-29T08:00:00Z', ip: '198.51.100.1', userId: 'u1' });
    await insertAccess(sql, { occurredAt: '2026-11-29T09:00:00Z', ip: '198.51.100.1', userId: 'u1' });
    await insertAccess(sql, { occurredAt: '2026-11-29T10:00:00Z', ip: '198.51.100.2', userId: null });
    await insertAccess(sql, { occurredAt: '2026-11-30T00:00:00Z', ip: '198.51.100.3', userId: 'u3' });

    const expected = {
      date: '2026-11-29',
      newUsers: 3,
      newRepositories: 1,
      newDocuments: 1,
      pageViews: 3,
      uniqueVisitors: 2,
      activeUsers: 1,
    };
    expect(await dailyStatistics({ date: '2026-11-29' }, ctx)).toEqual(expected);

    // A late record and a re-run refresh the same row.
    await insertAccess(sql, { occurredAt: '2026-11-29T23:00:00Z', ip: '198.51.100.9', userId: 'u9' });
    const again = await dailyStatistics({ date: '2026-11-29' }, ctx);
    expect(again).toEqual({ ...expected, pageViews: 4, uniqueVisitors: 3, activeUsers: 2 });
    const rows = await sql`select page_views from daily_statistics where date = '2026-11-29'`;
    expect(rows).toEqual([{ page_views: 4 }]);
  });

  test('defaults to yesterday (UTC) and stores an empty day as zeros', async ({ dbClient }) => {
    const result = await dailyStatistics({}, createTestContext(dbClient, 'tasks.statistics.daily'));
    expect(result.date).toBe(yesterdayUtc(new Date()));
    const [row] = await dbClient.sql<
      { n: number }[]
    >`select count(*)::int as n from daily_statistics where date = ${result.date}`;
    expect(row?.n).toBe(1);
  });

  it('yesterdayUtc crosses month and year boundaries in UTC', () => {
    expect(yesterdayUtc(new Date('2027-01-01T00:30:00Z'))).toBe('2026-12-31');
    expect(yesterdayUtc(new Date('2026-03-01T01:00:00+05:00'))).toBe('2026-02-27');
  });
});
