/**
 * Issue 5's beat guarantee with real processes: three scheduler-svc replicas on a 1 s
 * schedule, side by side for 10 s, publish every slot exactly once (counted on the wire).
 */
import { freePort } from '@repowiki/db';
import { runService, waitForHttp } from '@repowiki/devstack';
import { connectNats, test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { fireTaskId } from './schedule/task-id.js';
import { toMs } from './scheduler/fire-store.js';

describe('scheduler-svc replicas', () => {
  test('three processes for 10 s: each 1 s slot is published exactly once, with no gap', async ({
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('beat');
    const nc = await connectNats();
    onTestFinished(() => nc.close());
    // Count what reaches NATS: a double fire would show as a second message.
    const published: string[] = [];
    const sent = new Set<string>();
    nc.subscribe(`${ns}.tasks.minimap.generate`, {
      callback: (_e, m) => {
        // A re-send of one message after a late PubAck (same Task-Id and Task-Submitted-At) is
        // one publish, dropped by the stream; a second fire would be a second submission.
        const key = `${m.headers?.get('Task-Id')}|${m.headers?.get('Task-Submitted-At')}`;
        if (!sent.has(key)) published.push(m.headers?.get('Task-Id') ?? '');
        sent.add(key);
      },
    });
    const env = {
      NATS_URL: inject('natsUrl'),
      DATABASE_URL: databaseUrl,
      NATS_NAMESPACE: ns,
      LOG_LEVEL: 'warn',
      SCHEDULE_JSON: JSON.stringify({
        includeDefaults: false,
        entries: { tick: { task: 'minimap.generate', everySeconds: 1 } },
      }),
    };
    const ports = [await freePort(), await freePort(), await freePort()];
    const replicas = ports.map((port) =>
      runService('scheduler-svc', { env: { ...env, HTTP_PORT: String(port) } }),
    );
    onTestFinished(async () => {
      await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    });
    await Promise.all(
      ports.map((p) => waitForHttp(`http://127.0.0.1:${p}/readyz`, { timeoutMs: 60_000 })),
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${replicas.map((r) => r.output()).join('\n')}`);
    });
    const together = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const until = Date.now();
    await Promise.all(replicas.map((r) => r.stop('SIGTERM')));

    const rows = await dbClient.sql<{ slot: Date; firedBy: string; publishedAt: Date | null }[]>`
      select slot, fired_by as "firedBy", published_at as "publishedAt" from schedule_fires
      where entry = 'tick' order by slot`;
    const during = rows.filter((r) => toMs(r.slot) >= together && toMs(r.slot) < until - 1_000);
    expect(during.length).toBeGreaterThanOrEqual(8);
    const slots = during.map((r) => toMs(r.slot));
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(1_000);
    expect(during.every((r) => r.publishedAt !== null)).toBe(true);
    await waitFor(() => published.length >= rows.length);
    const ids = rows.map((r) => fireTaskId('tick', toMs(r.slot)));
    expect([...published].sort()).toEqual([...ids].sort());
  }, 120_000);
});
