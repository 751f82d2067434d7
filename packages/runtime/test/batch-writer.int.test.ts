import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { BatchWriter } from '../src/ledger/batch-writer.js';

describe('BatchWriter against PostgreSQL', () => {
  test('a row PostgreSQL refuses fails alone; its neighbours in the same statement succeed', async ({
    dbClient,
  }) => {
    let statements = 0;
    const writer = new BatchWriter<string, number>(async (items) => {
      statements++;
      // '::int' of a non-number is a data exception (SQLSTATE 22P02) for the whole statement.
      const rows = await dbClient.sql<{ n: number }[]>`
        select value::int as n from json_array_elements_text(${JSON.stringify(items)}::text::json)`;
      // postgres.js 3.4.9: rows a failed statement streamed before its error show up as holes
      // at the start of the next result on that connection; the ledger skips holes too.
      return rows.filter(Boolean).map((r) => r.n);
    });
    const items = Array.from({ length: 64 }, (_, i) => (i === 37 ? 'not-a-number' : String(i)));
    const results = await Promise.allSettled(items.map((i) => writer.write(i)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[37]).toMatchObject({ status: 'rejected', reason: { code: '22P02' } });
    expect(results[0]).toEqual({ status: 'fulfilled', value: 0 });
    expect(results[63]).toEqual({ status: 'fulfilled', value: 63 });
    // Bisection: about 2·log₂(64) statements, not one per row.
    expect(statements).toBeLessThanOrEqual(16);
  });

  test('a connection error fails the whole batch once, without splitting it', async ({ dbClient }) => {
    let statements = 0;
    const writer = new BatchWriter<string, number>(async () => {
      statements++;
      // A real error that is not about the data: the backend is terminated mid-statement.
      await dbClient.sql`select pg_terminate_backend(pg_backend_pid())`;
      return [];
    });
    const results = await Promise.allSettled(['1', '2', '3', '4'].map((i) => writer.write(i)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(statements).toBe(1);
  });
});
