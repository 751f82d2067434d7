import { randomUUID } from 'node:crypto';
import { textArray } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { cliScene } from '../test/minimap-worker.js';
import { json, runCli, runCliInTerminal } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tasks retry', () => {
  test('retry <id> re-runs a FAILURE as a new linked run, once however often it is asked', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env, client } = await cliScene(nc, dbClient, databaseUrl);
    const broken = randomUUID();
    w.failing.add(broken);
    const failed = await client.submit('tasks.minimap.validate', { warehouseId: broken }, { userId: 'dora' });
    await waitFor(async () => (await client.status(failed)).state === 'FAILURE', { timeoutMs: 10_000 });
    const done = await client.submit('tasks.minimap.generate', {});
    await client.result(done, { timeoutMs: 10_000 });
    w.failing.delete(broken);

    const [first, second] = await Promise.all([
      runCli(['--json', 'retry', failed], env),
      runCli(['--json', 'retry', failed], env),
    ]);
    type Outcome = { retried: string; taskId: string; created: boolean };
    const a = json<Outcome>(first);
    const b = json<Outcome>(second);
    expect(a.taskId).toBe(b.taskId);
    expect(a.taskId).not.toBe(failed);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await expect(client.result(a.taskId, { timeoutMs: 10_000 })).resolves.toMatchObject({ valid: true });
    const again = await runCli(['retry', failed], env);
    expect(again.code, again.stderr).toBe(EXIT.ok);
    expect(again.stdout).toContain(`was retried already as ${a.taskId}`);
    await sleep(500);
    // The original run and one retry: the handler ran twice, not three times.
    expect(w.validations.get(broken)).toBe(2);
    const [row] = await dbClient.sql<{ retryOf: string; userId: string }[]>`
      select retry_of as "retryOf", user_id as "userId" from task_runs where id = ${a.taskId}`;
    expect(row).toEqual({ retryOf: failed, userId: 'dora' });
    const shown = json<{ retriedAs: string }>(await runCli(['--json', 'show', failed, '--no-events'], env));
    expect(shown.retriedAs).toBe(a.taskId);

    const [ofSuccess, unknown, both, neither] = await Promise.all([
      runCli(['retry', done], env),
      runCli(['retry', randomUUID()], env),
      runCli(['retry', failed, '--state', 'FAILURE'], env),
      runCli(['retry'], env),
    ]);
    expect(ofSuccess.code).toBe(EXIT.usage);
    expect(ofSuccess.stderr).toMatch(/is SUCCESS: only FAILURE or REVOKED runs are retried/);
    expect(unknown.code).toBe(EXIT.notFound);
    expect(both.code).toBe(EXIT.usage);
    expect(neither.code).toBe(EXIT.usage);
  }, 120_000);

  test('two bulk retries at once (--state FAILURE --task T --since 1h) retry each failed run exactly once', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env, client } = await cliScene(nc, dbClient, databaseUrl, { concurrency: 8 });
    const warehouses = Array.from({ length: 6 }, () => randomUUID());
    for (const id of warehouses) w.failing.add(id);
    const failed = await Promise.all(
      warehouses.map((warehouseId) => client.submit('tasks.minimap.validate', { warehouseId })),
    );
    // A failure of another task and an old one: outside the filter, never retried.
    const otherBroken = randomUUID();
    w.failing.add(otherBroken);
    const oldFailed = await client.submit('tasks.minimap.validate', { warehouseId: otherBroken });
    for (const id of [...failed, oldFailed])
      await waitFor(async () => (await client.status(id)).state === 'FAILURE', { timeoutMs: 20_000 });
    await dbClient.sql`update task_runs set submitted_at = now() - interval '2 hours' where id = ${oldFailed}`;
    for (const id of warehouses) w.failing.delete(id);
    w.failing.delete(otherBroken);

    const args = ['--json', 'retry', '--state', 'FAILURE', '--task', 'validate', '--since', '1h'];
    const [one, two] = await Promise.all([runCli(args, env), runCli(args, env)]);
    expect(one.code, one.stderr).toBe(EXIT.ok);
    expect(two.code, two.stderr).toBe(EXIT.ok);
    type Bulk = {
      matched: number;
      created: number;
      results: { retried: string; taskId: string; created: boolean }[];
    };
    const [x, y] = [json<Bulk>(one), json<Bulk>(two)];
    // Each failed run is retried in exactly one of the two answers, under one id in both.
    expect(x.created + y.created).toBe(failed.length);
    for (const id of failed) {
      const rx = x.results.find((r) => r.retried === id);
      const ry = y.results.find((r) => r.retried === id);
      if (rx && ry) {
        expect(rx.taskId).toBe(ry.taskId);
        expect(Number(rx.created) + Number(ry.created)).toBe(1);
      } else expect((rx ?? ry)?.created).toBe(true);
    }
    expect([...x.results, ...y.results].map((r) => r.retried)).not.toContain(oldFailed);
    const retries = await dbClient.sql<{ retryOf: string; id: string }[]>`
      select retry_of as "retryOf", id from task_runs where retry_of = any(${textArray([...failed, oldFailed])}::text::text[])`;
    expect(retries.map((r) => r.retryOf).sort()).toEqual([...failed].sort());
    for (const r of retries) await client.result(r.id, { timeoutMs: 20_000 });
    await sleep(500);
    // Once failing, once on retry: never a third run.
    for (const id of warehouses) expect(w.validations.get(id)).toBe(2);
    expect(w.validations.get(otherBroken)).toBe(1);

    // Nothing left to retry: a third bulk retry matches nothing.
    const third = json<Bulk>(await runCli(args, env));
    expect(third).toMatchObject({ matched: 0, created: 0 });
  }, 180_000);
});

describe('tasks revoke by filter', () => {
  test('asks first (refuses without a terminal and --yes), then revokes exactly the matching unfinished runs', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { env, client } = await cliScene(nc, dbClient, databaseUrl);
    const user = `carol-${randomUUID().slice(0, 8)}`;
    // No statistics worker: queued. One slow running minimap task of the same user.
    const queued = [
      await client.submit('tasks.statistics.system', {}, { userId: user }),
      await client.submit('tasks.statistics.system', {}, { userId: user }),
    ];
    const running = await client.submit('tasks.minimap.cleanup', { daysToKeep: 1 }, { userId: user });
    const otherUser = await client.submit('tasks.statistics.system', {}, { userId: `${user}-x` });
    const finished = await client.submit('tasks.minimap.generate', {}, { userId: user });
    await client.result(finished, { timeoutMs: 10_000 });
    await waitFor(async () => (await client.status(running)).state === 'STARTED', { timeoutMs: 10_000 });

    const refused = await runCli(['revoke', '--user', user], env);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr.trim()).toBe(
      `tasks: revoke 3 run(s) matching user ${user}: refused without --yes (stdin is not a terminal to ask on)`,
    );
    const declined = await runCliInTerminal(['revoke', '--user', user], env, 'n\n');
    expect(declined.code, declined.stdout).toBe(EXIT.ok);
    expect(declined.stdout).toMatch(/revoke 3 run\(s\) matching user .* \[y\/N\]/);
    expect(declined.stdout).toMatch(/nothing revoked/);
    for (const id of [...queued, running]) expect((await client.status(id)).state).not.toBe('REVOKED');

    const agreed = await runCliInTerminal(['revoke', '--user', user, '--queue', 'statistics'], env, 'y\n');
    expect(agreed.code, agreed.stdout).toBe(EXIT.ok);
    for (const id of queued) expect((await client.status(id)).state).toBe('REVOKED');
    expect((await client.status(running)).state).toBe('STARTED');

    const yes = await runCli(['--json', 'revoke', '--user', user, '--yes'], env);
    expect(yes.code, yes.stderr).toBe(EXIT.ok);
    expect(json<{ results: { taskId: string; state: string }[] }>(yes).results).toEqual([
      { taskId: running, state: 'STARTED' },
    ]);
    await waitFor(async () => (await client.status(running)).state === 'REVOKED', { timeoutMs: 10_000 });
    expect((await client.status(otherUser)).state).toBe('PENDING');
    expect((await client.status(finished)).state).toBe('SUCCESS');

    // A revoked run can be retried as a new linked run.
    const retried = json<{ taskId: string; created: boolean }>(
      await runCli(['--json', 'retry', queued[0]!], env),
    );
    expect(retried.created).toBe(true);
    expect((await client.status(retried.taskId)).state).toBe('PENDING');
  }, 120_000);
});
