import { randomUUID } from 'node:crypto';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { cliScene } from '../test/minimap-worker.js';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

describe('tasks CLI against a running worker', () => {
  test('submit --wait follows progress and prints the result; status reads the ledger', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env } = await cliScene(nc, dbClient, databaseUrl);
    const warehouseId = randomUUID();

    const run = await runCli(
      ['submit', 'minimap.validate', JSON.stringify({ warehouseId }), '--wait', '--progress'],
      env,
    );
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ valid: true, nodes: 3, depth: 2, problems: [] });
    expect(run.stderr).toMatch(/50%.*links/);

    const broken = randomUUID();
    w.failing.add(broken);
    const [asJson, unknown, badTask, badPayload, failing] = await Promise.all([
      runCli(['--json', 'submit', 'tasks.minimap.generate', '{}', '--wait'], env),
      runCli(['status', randomUUID()], env),
      runCli(['submit', 'no-such-task', '{}'], env),
      runCli(['submit', 'minimap.validate', '{"warehouseId":"not-a-uuid"}'], env),
      runCli(['submit', 'validate', JSON.stringify({ warehouseId: broken }), '--wait'], env),
    ]);
    expect(failing.code).toBe(EXIT.taskFailed);
    expect(failing.stderr.trim()).toBe(`tasks: task failed: map of ${broken} is broken`);
    const submitted = json<{ taskId: string; state: string; result: unknown }>(asJson);
    expect(submitted).toMatchObject({ state: 'SUCCESS', result: { generated: [] } });
    expect(unknown.code).toBe(EXIT.notFound);
    expect(unknown.stdout).toMatch(/NOT_FOUND/);
    expect(badTask.code).toBe(EXIT.usage);
    expect(badTask.stderr).toMatch(/unknown task "no-such-task"/);
    expect(badPayload.code).toBe(EXIT.usage);
    expect(badPayload.stderr.trim().split('\n')).toHaveLength(1);

    const status = await runCli(['--json', 'status', submitted.taskId], env);
    expect(json(status)).toMatchObject({
      id: submitted.taskId,
      state: 'SUCCESS',
      subject: 'tasks.minimap.generate',
      attempts: 1,
    });
    expect(json<{ workerId: string }>(status).workerId).toBe(w.worker.workerId);
  }, 90_000);

  test('inspect active lists a running slow task with its worker; stats and registered see the worker', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env, client } = await cliScene(nc, dbClient, databaseUrl);
    const slow = await client.submit('tasks.minimap.cleanup', { daysToKeep: 30 });
    await waitFor(async () => (await client.status(slow)).state === 'STARTED', { timeoutMs: 10_000 });

    const [active, activeJson, stats, registered] = await Promise.all([
      runCli(['inspect', 'active'], env),
      runCli(['--json', 'inspect', 'active'], env),
      runCli(['--json', 'inspect', 'stats'], env),
      runCli(['--json', 'inspect', 'registered'], env),
    ]);
    expect(active.code, active.stderr).toBe(EXIT.ok);
    expect(active.stdout).toContain(slow);
    expect(active.stdout).toContain(w.worker.workerId);
    const rows = json<{ id: string; workerId: string; name: string }[]>(activeJson);
    expect(rows.find((r) => r.id === slow)).toMatchObject({
      workerId: w.worker.workerId,
      name: 'tasks.minimap.cleanup',
    });

    const workers =
      json<{ name: string; workerId: string; version: string; inspect?: { active: { taskId: string }[] } }[]>(
        stats,
      );
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ name: 'minimap-svc', workerId: w.worker.workerId, version: '9.9.9' });
    expect(workers[0]?.inspect?.active.map((a) => a.taskId)).toEqual([slow]);
    expect(json(registered)).toEqual([
      {
        service: 'minimap-svc',
        workers: 1,
        tasks: ['tasks.minimap.cleanup', 'tasks.minimap.generate', 'tasks.minimap.validate'],
      },
    ]);

    // Revoke aborts the running task; the CLI reports the state it found.
    const revoke = await runCli(['revoke', slow], env);
    expect(revoke.code, revoke.stderr).toBe(EXIT.ok);
    await waitFor(async () => (await client.status(slow)).state === 'REVOKED', { timeoutMs: 10_000 });
  }, 90_000);
});
