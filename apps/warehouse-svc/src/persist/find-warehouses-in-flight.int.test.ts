import { randomUUID } from 'node:crypto';
import { textArray } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { warehousesInFlight } from './find-warehouses-in-flight.query.js';

describe('warehousesInFlight', () => {
  test('finds the in-flight warehouses among a large history, reading only their own runs', async ({
    dbClient,
  }) => {
    const sql = dbClient.sql;
    const warehouses = Array.from({ length: 200 }, () => randomUUID());
    // 20,000 finished runs of the subject (a few days of 5-minute schedules), 100 per warehouse.
    await sql`
      insert into task_runs (id, name, queue, state, payload, finished_at)
      select 'done-' || g, 'tasks.warehouse.process', 'warehouse', 'SUCCESS',
             jsonb_build_object('warehouseId', (${textArray(warehouses)}::text::text[])[1 + g % 200]), now()
      from generate_series(0, 19999) g`;
    const [busy, queued, retrying, other] = warehouses;
    await sql`
      insert into task_runs (id, name, queue, state, payload) values
        ('run-1', 'tasks.warehouse.process', 'warehouse', 'STARTED', ${JSON.stringify({ warehouseId: busy })}::jsonb),
        ('run-2', 'tasks.warehouse.process', 'warehouse', 'PENDING', ${JSON.stringify({ warehouseId: queued })}::jsonb),
        ('run-3', 'tasks.warehouse.process', 'warehouse', 'RETRY', ${JSON.stringify({ warehouseId: retrying })}::jsonb),
        ('run-4', 'tasks.warehouse.update', 'warehouse', 'STARTED', ${JSON.stringify({ warehouseId: other })}::jsonb)`;
    await sql`analyze task_runs`;

    const found = await warehousesInFlight(dbClient, 'tasks.warehouse.process', warehouses.slice(0, 50));
    expect([...found].sort()).toEqual([busy, queued, retrying].sort());
    expect([
      ...(await warehousesInFlight(dbClient, 'tasks.warehouse.update', warehouses.slice(0, 50))),
    ]).toEqual([other]);

    // The plan looks the candidates up in the warehouse index: it never scans the subject's history.
    const [plan] = await sql<{ 'QUERY PLAN': unknown }[]>`
      explain (analyze, format json)
      select distinct payload->>'warehouseId' as id from task_runs
      where name = 'tasks.warehouse.process'
        and payload->>'warehouseId' = any(${textArray(warehouses.slice(0, 5))}::text::text[])
        and state in ('PENDING', 'STARTED', 'PROGRESS', 'RETRY')`;
    const text = JSON.stringify(plan?.['QUERY PLAN']);
    expect(text).toMatch(/task_runs_warehouse_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
