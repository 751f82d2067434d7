import { randomBytes } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { Svcm } from '@nats-io/services';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { registerMicroService } from '../src/micro/register-service.js';
import { createHarness, silent, testHandlers } from './harness.js';

describe('observability', () => {
  test('metrics count tasks by name and outcome; the micro service lists the worker and inspect shows active tasks', async ({
    nc,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient));
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const worker = await h.startWorker();
    const name = `obs-${h.namespace.replaceAll('_', '-')}`;
    const svc = await registerMicroService({
      nc,
      topology: h.client.topology,
      name,
      version: '1.2.3',
      description: 'test worker',
      logger: silent,
      source: worker,
      queue: 'warehouse',
    });
    await h.client.result(await h.client.submitAny('tasks.warehouse.echo', { value: 'x' }), {
      timeoutMs: 5_000,
    });
    await h.client
      .result(await h.client.submitAny('tasks.warehouse.refuse', { key: 'r' }), { timeoutMs: 5_000 })
      .catch(() => {});
    const text = await h.metrics.metrics();
    expect(text).toMatch(/repowiki_tasks_total\{task="tasks\.warehouse\.echo",outcome="success"\} 1/);
    expect(text).toMatch(/repowiki_tasks_total\{task="tasks\.warehouse\.refuse",outcome="failure"\} 1/);
    expect(text).toMatch(
      /repowiki_task_dead_letters_total\{task="tasks\.warehouse\.refuse",code="non_retriable"\} 1/,
    );
    expect(text).toMatch(/repowiki_task_duration_seconds_bucket/);

    // `nats micro info` sees it (same protocol, through the services client).
    const infos = [];
    for await (const i of await new Svcm(nc).client().info(name)) infos.push(i);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ name, version: '1.2.3', metadata: { queue: 'warehouse' } });

    // inspect: a running slow task shows up with its worker and run time.
    const slow = await h.client.submitAny('tasks.warehouse.slow', { key: 'inspect-me', ms: 1_500 });
    const active = await waitFor(async () => {
      const reply = await nc.request(h.client.topology.inspectSubject(name), '', { timeout: 1_000 });
      const body = reply.json<{
        active: { taskId: string; runningMs: number }[];
        workerId: string;
        counters: { succeeded: number };
      }>();
      return body.active.some((a) => a.taskId === slow) ? body : undefined;
    });
    expect(active.workerId).toBe(worker.workerId);
    expect(active.counters.succeeded).toBeGreaterThanOrEqual(1);
    await h.client.result(slow, { timeoutMs: 5_000 });
    await svc.stop();
    await h.stop();
  });

  test('a subject nobody handles is counted as task="unknown": /metrics never grows a label per made-up subject', async ({
    nc,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const worker = await h.startWorker();
    const js = jetstream(nc);
    const made = Array.from({ length: 3 }, () => `x${randomBytes(6).toString('hex')}`);
    for (const name of made) await js.publish(`${h.namespace}.tasks.warehouse.${name}`, '{}');
    await js.publish(`${h.namespace}.tasks.warehouse.echo`, 'not json {');
    await waitFor(() => worker.counters.deadLettered === 4);
    const text = await h.metrics.metrics();
    for (const name of made) expect(text).not.toContain(name);
    expect(text).toMatch(/repowiki_task_dead_letters_total\{task="unknown",code="unknown_subject"\} 3/);
    // A known task keeps its name, bad input or not.
    expect(text).toMatch(
      /repowiki_task_dead_letters_total\{task="tasks\.warehouse\.echo",code="invalid_json"\} 1/,
    );
    await h.stop();
  });
});
