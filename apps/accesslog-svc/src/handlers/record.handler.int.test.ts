import { randomUUID } from 'node:crypto';
import { createTestBatchContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { afterEach, describe, expect, vi } from 'vitest';
import { accessItem } from '../testing/access-entries.js';
import { recordAccessBatch } from './record.handler.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('tasks.accesslog.record', () => {
  test('stores every entry of a batch with its fields', async ({ dbClient }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const a = accessItem({
      resourceType: 'document',
      resourceId: 'acme/wiki/intro',
      userId: 'u-1',
      statusCode: 404,
    });
    const b = accessItem({ ipAddress: '198.51.100.7', occurredAt: '2026-11-30T10:00:00.000+02:00' });
    await recordAccessBatch([a, b], ctx);

    const rows = await dbClient.sql`
      select message_id, resource_type, resource_id, user_id, ip_address, status_code, response_time,
             (extract(epoch from occurred_at) * 1000)::float8 as occurred_ms
      from access_records where message_id in (${a.taskId}, ${b.taskId}) order by status_code desc`;
    expect(rows).toEqual([
      expect.objectContaining({
        message_id: a.taskId,
        resource_type: 'document',
        resource_id: 'acme/wiki/intro',
        user_id: 'u-1',
        status_code: 404,
        response_time: 12.5,
      }),
      expect.objectContaining({
        message_id: b.taskId,
        ip_address: '198.51.100.0',
        user_id: null,
        occurred_ms: Date.parse('2026-11-30T08:00:00.000Z'),
      }),
    ]);
  });

  test('stores client addresses cut to /24 and /48 whatever the producer sent, per ACCESSLOG_IPV*_PREFIX_BITS', async ({
    dbClient,
  }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const items = [
      accessItem({ ipAddress: '198.51.100.7' }),
      accessItem({ ipAddress: '2001:db8:1:2::7' }),
      accessItem({ ipAddress: '198.51.100.7, 10.0.0.1' }),
    ];
    await recordAccessBatch(items, ctx);
    const stored = async (ids: string[]) =>
      (
        await dbClient.sql<{ ip_address: string }[]>`
          select ip_address from access_records where message_id in ${dbClient.sql(ids)} order by id`
      ).map((r) => r.ip_address);
    expect(await stored(items.map((i) => i.taskId))).toEqual(['198.51.100.0', '2001:db8:1::', 'unknown']);

    vi.stubEnv('ACCESSLOG_IPV4_PREFIX_BITS', '16');
    vi.stubEnv('ACCESSLOG_IPV6_PREFIX_BITS', '128');
    const more = [accessItem({ ipAddress: '198.51.100.7' }), accessItem({ ipAddress: '2001:db8:1:2::7' })];
    await recordAccessBatch(more, ctx);
    expect(await stored(more.map((i) => i.taskId))).toEqual(['198.51.0.0', '2001:db8:1:2::7']);
  });

  test('a redelivered batch adds only the messages it had not stored yet', async ({ dbClient }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const first = [accessItem(), accessItem(), accessItem()];
    await recordAccessBatch(first, ctx);
    const extra = accessItem();
    // Redelivery after a lost ack: the same task ids again, one of them twice in the batch.
    await recordAccessBatch([...first, first[0]!, extra], ctx);

    const ids = [...first.map((i) => i.taskId), extra.taskId];
    const [row] = await dbClient.sql<{ n: number; distinct_ids: number }[]>`
      select count(*)::int as n, count(distinct message_id)::int as distinct_ids from access_records where message_id in ${dbClient.sql(ids)}`;
    expect(row).toEqual({ n: 4, distinct_ids: 4 });
  });

  test('falls back to the message user id when the entry has none', async ({ dbClient }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const item = { ...accessItem(), userId: 'header-user' };
    await recordAccessBatch([item], ctx);
    const [row] = await dbClient.sql`select user_id from access_records where message_id = ${item.taskId}`;
    expect(row?.user_id).toBe('header-user');
  });

  test('stores text COPY gives a meaning to (tab, newline, CR, backslash, a literal \\N) exactly as sent', async ({
    dbClient,
  }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const odd = {
      userAgent: 'a\tb\nc\rd\\e \\N f',
      path: '/x\\ty/\\N',
      resourceId: '\\N',
      userId: '\\N',
      method: 'GET\\',
    };
    const item = accessItem(odd);
    const plain = accessItem({ userId: null });
    await recordAccessBatch([item, plain], ctx);
    const rows = await dbClient.sql<Record<string, string | null>[]>`
      select message_id, user_agent, path, resource_id, user_id, method from access_records
      where message_id in (${item.taskId}, ${plain.taskId})`;
    const byId = new Map(rows.map((r) => [r.message_id, r]));
    expect(byId.get(item.taskId)).toEqual({
      message_id: item.taskId,
      user_agent: odd.userAgent,
      path: odd.path,
      resource_id: odd.resourceId,
      user_id: odd.userId,
      method: odd.method,
    });
    expect(byId.get(plain.taskId)?.user_id).toBeNull();
  });

  test('ingests a full 500-message batch in one call', async ({ dbClient }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const items = Array.from({ length: 500 }, (_, i) =>
      accessItem({ path: `/acme/wiki/p${i}`, resourceId: `acme/wiki/p${i}` }),
    );
    await recordAccessBatch(items, ctx);
    const [row] = await dbClient.sql<
      { n: number }[]
    >`select count(*)::int as n from access_records where path like '/acme/wiki/p%'`;
    expect(row?.n).toBe(500);
  });

  test('a batched message: one row per entry id; a bad or unstorable entry is handed to ctx.deadLetter and the others are stored', async ({
    dbClient,
  }) => {
    const ctx = createTestBatchContext(dbClient, 'tasks.accesslog.record');
    const entry = accessItem().payload.entry;
    const ids = [randomUUID(), randomUUID()];
    const message = {
      taskId: 'batched-1',
      userId: null,
      payload: {
        entries: [
          { id: ids[0], entry: { ...entry, path: '/b/0' } },
          { id: 'surrogate', entry: { ...entry, path: '/b/\uD800' } },
          { id: ids[1], entry: { ...entry, path: '/b/1' } },
          { id: 'no-method', entry: { ...entry, method: '' } },
        ],
      },
    };
    await recordAccessBatch([message], ctx);
    await recordAccessBatch([message], ctx); // redelivered: nothing twice
    const rows = await dbClient.sql<{ message_id: string; path: string }[]>`
      select message_id, path from access_records where path like '/b/%' order by path`;
    expect(rows).toEqual([
      { message_id: ids[0], path: '/b/0' },
      { message_id: ids[1], path: '/b/1' },
    ]);
    expect(ctx.deadLetters.slice(0, 2)).toEqual([
      expect.objectContaining({ taskId: 'batched-1', index: 1, code: 'unstorable' }),
      expect.objectContaining({
        taskId: 'batched-1',
        index: 3,
        reason: expect.stringMatching(/entry 3: .*method/),
      }),
    ]);
  });
});
