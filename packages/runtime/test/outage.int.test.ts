import { test, waitFor } from '@repowiki/testkit';
import postgres from 'postgres';
import { describe, expect } from 'vitest';
import type { BatchContext } from '../src/context.js';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep } from './harness.js';

/** A postgres.js client on a port nothing listens on: every query fails ECONNREFUSED. */
function unreachableDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl);
  url.port = '1';
  return postgres(url.toString(), { max: 1, connect_timeout: 2, onnotice: () => {} });
}

describe('an outage is not a task failure (issue 11, defect 17)', () => {
  test('a handler failing on an unreachable database uses no retry and is never dead-lettered', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const down = unreachableDatabase(databaseUrl);
    let calls = 0;
    // maxRetries 2: five counted failures would dead-letter it.
    const flaky = async () => {
      calls++;
      if (calls <= 5) await down`select 1`;
      return { attempts: calls };
    };
    const h = createHarness(nc, dbClient, { 'tasks.warehouse.flaky': flaky as never });
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.flaky', { key: 'o', failures: 0 });
    await expect(h.client.result(id, { timeoutMs: 15_000 })).resolves.toEqual({ attempts: 6 });
    expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', attempts: 1 });
    expect(await readDlq(jsm, h.client.topology.dlqStream)).toEqual([]);
    await h.stop();
    await down.end({ timeout: 1 });
  });

  test('a batch handler failing on an unreachable database: items retried uncounted, none dead-lettered', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const down = unreachableDatabase(databaseUrl);
    let calls = 0;
    const stored = new Map<string, number>();
    const bulk = async (items: readonly { payload: { key: string } }[], _ctx: BatchContext) => {
      calls++;
      if (calls <= 4) await down`select 1`;
      for (const i of items) stored.set(i.payload.key, (stored.get(i.payload.key) ?? 0) + 1);
    };
    const h = createHarness(nc, dbClient, { 'tasks.warehouse.bulk': bulk as never });
    await h.startWorker();
    const keys = ['b1', 'b2', 'b3'];
    const ids = await Promise.all(
      keys.map((key) => h.client.submitAny('tasks.warehouse.bulk', { key, mode: 'outage' })),
    );
    for (const id of ids) {
      await waitFor(async () => (await h.client.status(id)).state === 'SUCCESS', { timeoutMs: 15_000 });
      expect((await h.client.status(id)).attempts).toBe(1);
    }
    await sleep(200);
    expect(keys.map((k) => stored.get(k))).toEqual([1, 1, 1]);
    expect(await readDlq(jsm, h.client.topology.dlqStream)).toEqual([]);
    await h.stop();
    await down.end({ timeout: 1 });
  });
});
