import { test } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { migrateDocuments } from './migrate-documents.step.js';
import { migrateWarehouses } from './migrate-warehouses.step.js';

const logger = pino({ level: 'silent' });
const MIN = '0001-01-01T00:00:00Z';

describe('migrate-warehouses / migrate-documents', () => {
  test('maps legacy statuses 0,1,2,3,4,99 and repairs missing timestamps, once', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`truncate warehouses cascade`;
    for (const code of [0, 1, 2, 3, 4, 99, 7]) {
      await sql`insert into warehouses (name, address, legacy_status) values (${`w${code}`}, 'x', ${code})`;
    }
    await sql`insert into warehouses (name, address, created_at, updated_at) values ('noDates', 'x', ${MIN}, ${MIN})`;
    await sql`insert into warehouses (name, address, created_at, updated_at) values ('onlyUpdated', 'x', ${MIN}, '2024-05-01T00:00:00Z')`;
    await sql`insert into warehouses (name, address, is_deleted, created_at, updated_at) values ('gone', 'x', true, '2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z')`;

    const first = await migrateWarehouses(dbClient, logger);
    expect(first.changed).toBeGreaterThanOrEqual(6 + 2 + 1);
    const rows = await sql<{ name: string; status: string; legacy_status: number | null }[]>`
      select name, status::text, legacy_status from warehouses where name like 'w%' order by name`;
    expect(rows).toEqual([
      { name: 'w0', status: 'pending', legacy_status: null },
      { name: 'w1', status: 'processing', legacy_status: null },
      { name: 'w2', status: 'completed', legacy_status: null },
      { name: 'w3', status: 'canceled', legacy_status: null },
      { name: 'w4', status: 'unauthorized', legacy_status: null },
      { name: 'w7', status: 'pending', legacy_status: 7 }, // unknown code: left for a person
      { name: 'w99', status: 'failed', legacy_status: null },
    ]);
    const dates = await sql<{ name: string; ok: boolean; created: string | null }[]>`
      select name, created_at > '1971-01-01' and updated_at >= created_at as ok,
             case when name = 'onlyUpdated' then to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') end as created
      from warehouses where name in ('noDates', 'onlyUpdated') order by name`;
    expect(dates).toEqual([
      { name: 'noDates', ok: true, created: null },
      { name: 'onlyUpdated', ok: true, created: '2024-05-01' },
    ]);
    const [gone] = await sql<
      { deleted: string }[]
    >`select to_char(deleted_at at time zone 'UTC', 'YYYY-MM-DD') as deleted from warehouses where name = 'gone'`;
    expect(gone?.deleted).toBe('2024-06-01');

    expect(await migrateWarehouses(dbClient, logger)).toEqual({ step: 'migrate-warehouses', changed: 0 });
  });

  test('maps numeric document statuses and repairs document timestamps, once', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`truncate warehouses cascade`;
    const [w] = await sql<
      { id: string }[]
    >`insert into warehouses (name, address) values ('w', 'x') returning id`;
    const [w2] = await sql<
      { id: string }[]
    >`insert into warehouses (name, address) values ('w2', 'x') returning id`;
    await sql`insert into documents (warehouse_id, git_path, status, created_at, updated_at, last_update)
              values (${w!.id}, '/x', '2', ${MIN}, '2024-01-02T00:00:00Z', ${MIN})`;
    await sql`insert into documents (warehouse_id, git_path, status) values (${w2!.id}, '/y', 'completed')`;

    const first = await migrateDocuments(dbClient, logger);
    expect(first.changed).toBe(3);
    const docs = await sql<{ status: string; created: string; last: string }[]>`
      select status, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as created,
             to_char(last_update at time zone 'UTC', 'YYYY-MM-DD') as last
      from documents where warehouse_id = ${w!.id}`;
    expect(docs).toEqual([
      { status: 'completed', created: '2024-01-02', last: expect.stringMatching(/^20\d\d-/) },
    ]);
    expect(await migrateDocuments(dbClient, logger)).toEqual({ step: 'migrate-documents', changed: 0 });
  });
});
