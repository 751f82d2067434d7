import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { Ledger } from '../src/ledger/ledger.js';

const row = (id: string) => ({
  id,
  name: 'tasks.warehouse.echo',
  queue: 'warehouse',
  payload: '{"value":"x"}',
  userId: null,
  correlationId: null,
  parentId: null,
  workerId: 'w1',
  leaseMs: 10_000,
});

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, r) => setTimeout(() => r(new Error(`hung for ${ms} ms`)), ms))]);

describe('ledger start', () => {
  test('duplicate ids in two concurrent flushes never deadlock the writer', async ({ dbClient }) => {
    const ledger = new Ledger(dbClient.ledgerSql, dbClient.relaxedSql);
    // Flush 1: the same id twice; flush 2 (queued while 1 is in flight): again a duplicate.
    const first = [ledger.start(row('a')), ledger.start(row('a'))];
    await new Promise((r) => setImmediate(r));
    const second = [ledger.start(row('b')), ledger.start(row('b'))];
    await new Promise((r) => setImmediate(r));
    const later = ledger.start(row('c'));
    const all = await within(Promise.all([...first, ...second, later]), 3_000);
    expect(all.map((s) => s.started)).toEqual([true, true, true, true, true]);
  });
});
