import { cloneTemplateDatabase, test, withDatabase } from '@repowiki/testkit';
import postgres from 'postgres';
import { describe, expect, inject } from 'vitest';
import { migrate } from './migrate.js';

async function emptyDatabase(): Promise<string> {
  const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => {} });
  const name = `rw_empty_${inject('runId')}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return withDatabase(inject('adminDatabaseUrl'), name);
}

describe('migrate', () => {
  test('applies every migration to an empty database, then is a no-op', async () => {
    const url = await emptyDatabase();
    const first = await migrate(url);
    expect(first.applied).toBeGreaterThan(0);
    const second = await migrate(url);
    expect(second.applied).toBe(0);
    const sql = postgres(url, { max: 1 });
    const tables = await sql<
      { t: string }[]
    >`select tablename as t from pg_tables where schemaname = 'public'`;
    await sql.end();
    expect(tables.map((r) => r.t).sort()).toEqual(
      [
        'access_records',
        'daily_statistics',
        'document_catalogs',
        'document_commit_records',
        'document_file_item_sources',
        'document_file_items',
        'document_overviews',
        'documents',
        'minimaps',
        'queue_pauses',
        'roles',
        'schedule_fires',
        'schedule_pauses',
        'statistics_snapshots',
        'task_runs',
        'task_timers',
        'user_in_roles',
        'users',
        'warehouses',
      ].sort(),
    );
  });

  test('two concurrent runs do not conflict: one applies, the other finds nothing to do', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const applied = results.map((r) => r.applied).sort();
    expect(applied[0]).toBe(0);
    expect(applied[1]).toBe(0);
    expect(applied[2]).toBeGreaterThan(0);
  });

  test('a cloned template is already current', async () => {
    const url = await cloneTemplateDatabase();
    expect((await migrate(url)).applied).toBe(0);
  });

  test('enforces the warehouse status enum', async ({ dbClient }) => {
    await expect(
      dbClient.sql`insert into warehouses (name, address, status) values ('x', 'https://example.com/x.git', 'weird')`,
    ).rejects.toThrow(/invalid input value for enum warehouse_status/);
  });
});
