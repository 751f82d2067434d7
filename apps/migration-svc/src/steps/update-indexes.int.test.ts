import { test } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { expectedIndexes, updateIndexes } from './update-indexes.step.js';

const logger = pino({ level: 'silent' });

describe('update-indexes', () => {
  it('expects every index of the committed migrations, built concurrently', () => {
    const indexes = expectedIndexes();
    const byName = Object.fromEntries(indexes.map((i) => [i.name, i.ddl]));
    expect(byName.access_records_message_id_index).toBe(
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "access_records_message_id_index" ON "access_records" USING btree ("message_id")',
    );
    expect(byName.warehouses_status_updated_idx).toContain('WHERE not "warehouses"."is_deleted"');
    expect(indexes.every((i) => i.ddl.includes('CONCURRENTLY IF NOT EXISTS'))).toBe(true);
    // Dropped by a later migration: never brought back.
    expect(byName.task_runs_active_idx).toBeUndefined();
    expect(byName.task_runs_running_idx).toContain('WHERE "task_runs"."lease_until" is not null');
  });

  test('recreates a dropped index, then has nothing to do', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`drop index access_records_occurred_at_index`;
    await sql`drop index warehouses_status_updated_idx`;
    expect(await updateIndexes(dbClient, logger)).toEqual({ step: 'update-indexes', changed: 2 });
    const rows = await sql<{ indexdef: string }[]>`
      select indexdef from pg_indexes where indexname in ('access_records_occurred_at_index', 'warehouses_status_updated_idx') order by indexname`;
    expect(rows).toHaveLength(2);
    expect(rows[1]?.indexdef).toContain('WHERE (NOT is_deleted)');
    expect(await updateIndexes(dbClient, logger)).toEqual({ step: 'update-indexes', changed: 0 });
  });
});
