import { jetstream } from '@nats-io/jetstream';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { TaskFailedError } from '../src/errors.js';
import { readDlq } from './dlq-reader.js';
import { createHarness, testHandlers } from './harness.js';

describe('task runtime', () => {
  test('submit → SUCCESS with its result, a succeeded event, and NOT_FOUND for unknown ids', async ({
    nc,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const events: unknown[] = [];
    const sub = nc.subscribe(`${h.namespace}.events.warehouse.echo.succeeded`, {
      callback: (_e, m) => {
        events.push(m.json());
      },
    });
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'hello' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'hello' });
    const status = await h.client.status(id);
    expect(status).toMatchObject({
      state: 'SUCCESS',
      attempts: 1,
      result: { value: 'hello' },
      subject: 'tasks.warehouse.echo',
    });
    expect(status.workerId).toContain('test-svc@');
    await waitFor(() => events.length === 1);
    expect(events[0]).toMatchObject({ taskId: id, result: { value: 'hello' }, attempts: 1 });
    expect((await h.client.status('never-submitted')).state).toBe('NOT_FOUND');
    sub.unsubscribe();
    await h.stop();
  });

  test('a status right after submit is PENDING, never NOT_FOUND (ledger row before the message)', async ({
    nc,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'x' });
    expect((await h.client.status(id)).state).toBe('PENDING');
  });

  test('submit rejects a payload that fails its schema, naming the field', async ({ nc, dbClient }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    await expect(h.client.submitAny('tasks.warehouse.echo', { value: 42 })).rejects.toThrow(
      /value: .*string/,
    );
  });

  test('the same task id published twice runs once', async ({ nc, dbClient }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    await h.startWorker();
    const id = 'same-id-twice';
    await h.client.submitAny('tasks.warehouse.flaky', { key: 'dup', failures: 0 }, { taskId: id });
    await h.client.submitAny('tasks.warehouse.flaky', { key: 'dup', failures: 0 }, { taskId: id });
    await h.client.result(id, { timeoutMs: 5_000 });
    // Even a re-publish after the duplicate window (fresh Nats-Msg-Id) is acked unrun.
    await jetstream(nc).publish(
      `${h.namespace}.tasks.warehouse.flaky`,
      JSON.stringify({ key: 'dup', failures: 0 }),
      {
        msgID: `${id}-late`,
        headers: (() => {
          const hd = new (require_headers())();
          hd.set('Task-Id', id);
          return hd;
        })(),
      },
    );
    await waitFor(() => h.workers[0]!.counters.skipped === 1);
    expect(effects.get('dup')).toBe(1);
    expect((await h.client.status(id)).attempts).toBe(1);
    await h.stop();
  });

  test('fails twice then succeeds: SUCCESS after 2 retries, each failed attempt in the attempt log', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.flaky', { key: 'f2', failures: 2 });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ attempts: 3 });
    expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', attempts: 3 });
    // The two failed attempts are kept (the backoff is jittered: each waits 0–100, 0–200 ms).
    const [row] = await dbClient.sql<
      {
        log: { attempt: number; state: string; workerId: string; startedAt: string; finishedAt: string }[];
        started: Date;
      }[]
    >`select attempt_log as log, started_at as started from task_runs where id = ${id}`;
    expect(row?.log.map((a) => [a.attempt, a.state, a.workerId])).toEqual([
      [1, 'RETRY', h.workers[0]!.workerId],
      [2, 'RETRY', h.workers[0]!.workerId],
    ]);
    const times = row!.log.flatMap((a) => [Date.parse(a.startedAt), Date.parse(a.finishedAt)]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(row!.started.getTime()).toBeGreaterThanOrEqual(times.at(-1)! - 1);
    expect(h.workers[0]!.counters.retried).toBe(2);
    await h.stop();
  });

  test('onSettled sees every attempt after its outcome is committed; a throwing hook changes nothing', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    const seen: { state: string; attempt: number }[] = [];
    const ledgerAtHook: Promise<string>[] = [];
    let id = '';
    await h.startWorker({
      onSettled: (s) => {
        if (s.taskId !== id) return;
        seen.push({ state: s.state, attempt: s.attempt });
        // Read the ledger from inside the hook: the outcome must already be committed.
        ledgerAtHook.push(h.client.status(s.taskId).then((st) => st.state));
        throw new Error('a buggy hook');
      },
    });
    id = await h.client.submitAny('tasks.warehouse.flaky', { key: 'hook', failures: 2 });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ attempts: 3 });
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([
      { state: 'RETRY', attempt: 1 },
      { state: 'RETRY', attempt: 2 },
      { state: 'SUCCESS', attempt: 3 },
    ]);
    // Read after the hook: a retry's redelivery may already have claimed the next attempt.
    const atHook = await Promise.all(ledgerAtHook);
    expect(['RETRY', 'STARTED']).toContain(atHook[0]);
    expect(['RETRY', 'STARTED']).toContain(atHook[1]);
    expect(atHook[2]).toBe('SUCCESS');
    expect(effects.get('hook')).toBe(3);
    await h.stop();
  });

  test('always failing: FAILURE after maxRetries, one DLQ entry and a failed event', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    const failed: unknown[] = [];
    const sub = nc.subscribe(`${h.namespace}.events.warehouse.doomed.failed`, {
      callback: (_e, m) => {
        failed.push(m.json());
      },
    });
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.doomed', { key: 'd' });
    const err = await h.client.result(id, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect((err as TaskFailedError).message).toBe('doomed to fail');
    expect(effects.get('d')).toBe(3); // 1 + maxRetries 2
    const dlq = await readDlq(jsm, h.client.topology.dlqStream);
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({
      subject: `${h.namespace}.dlq.warehouse.doomed`,
      code: 'retries_exhausted',
      taskId: id,
    });
    expect(JSON.parse(dlq[0]!.data)).toEqual({ key: 'd' });
    await waitFor(() => failed.length === 1);
    sub.unsubscribe();
    await h.stop();
  });

  test('NonRetriableError: FAILURE at once, no retry, DLQ with the reason', async ({ nc, jsm, dbClient }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.refuse', { key: 'r' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).rejects.toThrow('refused: bad repository');
    expect(effects.get('r')).toBe(1);
    expect(await h.client.status(id)).toMatchObject({
      state: 'FAILURE',
      attempts: 1,
      error: { code: 'bad_repo' },
    });
    const dlq = await readDlq(jsm, h.client.topology.dlqStream);
    expect(dlq.map((d) => d.code)).toEqual(['non_retriable']);
    expect(dlq[0]!.reason).toContain('refused: bad repository');
    await h.stop();
  });
});

import { headers as natsHeaders } from '@nats-io/nats-core';

function require_headers() {
  return function Headers() {
    return natsHeaders();
  } as unknown as new () => ReturnType<typeof natsHeaders>;
}
