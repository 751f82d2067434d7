import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { textArray } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { readDlq } from './dlq-reader.js';
import { createHarness, testHandlers } from './harness.js';

describe('bad input', () => {
  test('non-JSON, schema-invalid and unknown-subject messages are dead-lettered with reasons; the next task runs', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const settled: string[] = [];
    const w = await h.startWorker({
      onSettled: (s) => settled.push(`${s.taskId} ${s.state} ${s.attempt}`),
    });
    const js = jetstream(nc);
    const ns = h.namespace;
    const withId = (id: string) => {
      const hd = headers();
      hd.set('Task-Id', id);
      return hd;
    };
    await js.publish(`${ns}.tasks.warehouse.echo`, 'not json {', {
      msgID: 'bad-json',
      headers: withId('bad-json'),
    });
    await js.publish(`${ns}.tasks.warehouse.echo`, JSON.stringify({ value: 7 }), {
      msgID: 'bad-schema',
      headers: withId('bad-schema'),
    });
    await js.publish(`${ns}.tasks.warehouse.no-such-task`, JSON.stringify({}), {
      msgID: 'unknown',
      headers: withId('unknown'),
    });
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'after' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'after' });
    const dlq = await waitFor(async () => {
      const entries = await readDlq(jsm, h.client.topology.dlqStream);
      return entries.length === 3 ? entries : undefined;
    });
    const byId = Object.fromEntries(dlq.map((d) => [d.taskId, d]));
    expect(byId['bad-json']).toMatchObject({ code: 'invalid_json', data: 'not json {' });
    expect(byId['bad-json']!.reason).toMatch(/not JSON/);
    expect(byId['bad-schema']).toMatchObject({
      code: 'invalid_payload',
      reason: expect.stringMatching(/^value: .*string/),
    });
    expect(byId.unknown).toMatchObject({
      code: 'unknown_subject',
      subject: `${ns}.dlq.warehouse.no-such-task`,
    });
    // `status` explains what happened to each, and nothing was retried.
    expect(await h.client.status('bad-schema')).toMatchObject({
      state: 'FAILURE',
      error: { code: 'invalid_payload' },
    });
    expect(w.counters.retried).toBe(0);
    // The in-process hook hears of each rejected message too, as a FAILURE before any attempt.
    const rejected = await waitFor(() => {
      const r = settled.filter((l) => !l.startsWith(id));
      return r.length === 3 ? r : undefined;
    });
    expect(rejected.sort()).toEqual(['bad-json FAILURE 0', 'bad-schema FAILURE 0', 'unknown FAILURE 0']);
    await h.stop();
  });
});

describe('time limits', () => {
  test('soft limit: the handler sees the abort and can still finish', async ({ nc, dbClient }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.patient', { key: 'p' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({
      abortedBy: 'soft_time_limit',
    });
    await h.stop();
  });

  test('hard limit: a busy-looping handler ends as FAILURE at the limit and the worker keeps serving', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    await h.startWorker({ concurrency: 2 });
    const spin = await h.client.submitAny('tasks.warehouse.spin', { key: 's' });
    await expect(h.client.result(spin, { timeoutMs: 5_000 })).rejects.toThrow(/hard time limit of 800 ms/);
    const status = await h.client.status(spin);
    expect(status).toMatchObject({ state: 'FAILURE', error: { code: 'time_limit' } });
    // The ledger's own clock: from the attempt's start to its FAILURE (the test's polling
    // and the submit's round trips do not count). A thread spinning for 60 s ends at ~0.8 s.
    const ranMs = status.finishedAt!.getTime() - status.startedAt!.getTime();
    expect(ranMs).toBeGreaterThanOrEqual(800);
    expect(ranMs).toBeLessThan(2_500);
    const dlq = await readDlq(jsm, h.client.topology.dlqStream);
    expect(dlq.map((d) => d.code)).toEqual(['time_limit']);
    // The worker is not stuck behind the thread: more tasks run.
    const ids = await Promise.all(
      [1, 2, 3].map((i) => h.client.submitAny('tasks.warehouse.echo', { value: `v${i}` })),
    );
    for (const i of ids)
      await expect(h.client.result(i, { timeoutMs: 5_000 })).resolves.toHaveProperty('value');
    await h.stop();
  });
});

describe('revoke', () => {
  test('a revoked pending task never runs', async ({ nc, dbClient }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    const id = await h.client.submitAny('tasks.warehouse.flaky', { key: 'rv', failures: 0 });
    expect(await h.client.revoke(id)).toBe('REVOKED');
    const w = await h.startWorker();
    await waitFor(() => w.counters.skipped === 1);
    expect(effects.get('rv')).toBeUndefined();
    expect((await h.client.status(id)).state).toBe('REVOKED');
    await expect(h.client.result(id, { timeoutMs: 1_000 })).rejects.toThrow(/revoked/);
    await h.stop();
  });

  test('a running task is aborted and ends REVOKED', async ({ nc, dbClient }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'running', ms: 5_000 });
    await waitFor(async () => ['STARTED', 'PROGRESS'].includes((await h.client.status(id)).state));
    const started = Date.now();
    await h.client.revoke(id);
    await waitFor(async () => (await h.client.status(id)).state === 'REVOKED', { timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(effects.get('running')).toBeUndefined();
    expect((await h.client.status('nope')).state).toBe('NOT_FOUND');
    expect(await h.client.revoke('nope')).toBe('NOT_FOUND');
    await h.stop();
  });
});

describe('delayed tasks', () => {
  test('countdown: starts no earlier than asked, without using an attempt', async ({ nc, dbClient }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    await h.startWorker();
    const submitted = Date.now();
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'later' }, { countdownMs: 700 });
    expect((await h.client.status(id)).notBefore?.getTime()).toBeGreaterThanOrEqual(submitted + 700);
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'later' });
    const status = await h.client.status(id);
    expect(status.startedAt!.getTime()).toBeGreaterThanOrEqual(submitted + 690);
    expect(status.attempts).toBe(1);
    await h.stop();
  });
});

describe('batch handlers', () => {
  test('messages are handled in batches, each recorded once; a bad one is dead-lettered alone', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    await h.startWorker();
    const ids = await Promise.all(
      Array.from({ length: 120 }, (_, n) => h.client.submitAny('tasks.warehouse.ingest', { n })),
    );
    await jetstream(nc).publish(`${h.namespace}.tasks.warehouse.ingest`, JSON.stringify({ n: 'x' }), {
      msgID: 'bad-batch-item',
    });
    await waitFor(() => effects.size === 120);
    for (let n = 0; n < 120; n++) expect(effects.get(`ingest:${n}`)).toBe(1);
    await waitFor(async () => {
      const [row] = await dbClient.sql<{ n: number }[]>`
        select count(*)::int as n from task_runs where id = any(${textArray(ids)}::text::text[]) and state = 'SUCCESS'`;
      return row?.n === 120;
    });
    const dlq = await readDlq(jsm, h.client.topology.dlqStream);
    expect(dlq.map((d) => d.code)).toEqual(['invalid_payload']);
    await h.stop();
  });
});
