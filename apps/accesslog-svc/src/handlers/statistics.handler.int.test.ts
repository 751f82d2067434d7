import { createTestBatchContext, createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { readAccessStatistics } from '../queries/access-statistics.query.js';
import { accessItem } from '../testing/access-entries.js';
import { recordAccessBatch } from './record.handler.js';
import { accessStatistics } from './statistics.handler.js';

const NOW = new Date('2026-11-30T15:00:00.000Z');
const at = (iso: string, resourceId = 'acme/wiki') => accessItem({ occurredAt: iso, resourceId });

describe('tasks.accesslog.statistics', () => {
  test('counts today, the last 7 and 30 days and ranks resources', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    await recordAccessBatch(
      [
        at('2026-11-30T00:00:00.000Z', 'acme/a'), // today (midnight included)
        at('2026-11-30T14:59:00.000Z', 'acme/a'),
        at('2026-11-29T23:59:59.000Z', 'acme/b'), // yesterday: week and month
        at('2026-11-24T00:00:00.000Z', 'acme/a'), // 7th day back: week
        at('2026-11-23T23:00:00.000Z', 'acme/c'), // 8th day back: month only
        at('2026-11-01T00:00:00.000Z', 'acme/c'), // 30th day back: month
        at('2026-10-31T23:59:59.000Z', 'acme/z'), // 31 days back: not counted anywhere
      ],
      createTestBatchContext(dbClient, 'tasks.accesslog.record'),
    );
    const stats = await readAccessStatistics(dbClient.sql, NOW);
    expect(stats).toEqual({
      today: 2,
      week: 4,
      month: 6,
      topResources: [
        { resourceType: 'repository', resourceId: 'acme/a', views: 3 },
        { resourceType: 'repository', resourceId: 'acme/c', views: 2 },
        { resourceType: 'repository', resourceId: 'acme/b', views: 1 },
      ],
    });
  });

  test('lists at most 10 resources', async ({ dbClient }) => {
    await dbClient.sql`truncate access_records`;
    const items = Array.from({ length: 12 }, (_, i) => at(new Date().toISOString(), `acme/r${i}`));
    await recordAccessBatch(
      [...items, at(new Date().toISOString(), 'acme/r5')],
      createTestBatchContext(dbClient, 'tasks.accesslog.record'),
    );
    const result = await accessStatistics({}, createTestContext(dbClient, 'tasks.accesslog.statistics'));
    expect(result.today).toBe(13);
    expect(result.topResources).toHaveLength(10);
    expect(result.topResources[0]).toEqual({ resourceType: 'repository', resourceId: 'acme/r5', views: 2 });
  });
});
