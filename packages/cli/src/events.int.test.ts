import { randomUUID } from 'node:crypto';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect, onTestFinished } from 'vitest';
import { cliScene } from '../test/minimap-worker.js';
import { json, runCli, startCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

type Event = {
  outcome: string;
  task: string;
  taskId: string;
  attempts: number;
  data: { error?: { message: string } };
};

describe('tasks events', () => {
  test('prints the recent task events by task or run; --follow tails new ones until Ctrl-C', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env, client } = await cliScene(nc, dbClient, databaseUrl);
    const ok = await client.submit('tasks.minimap.validate', { warehouseId: randomUUID() });
    const broken = randomUUID();
    w.failing.add(broken);
    const bad = await client.submit('tasks.minimap.validate', { warehouseId: broken });
    const other = await client.submit('tasks.minimap.generate', {});
    await client.result(ok, { timeoutMs: 10_000 });
    await client.result(other, { timeoutMs: 10_000 });
    await waitFor(async () => (await client.status(bad)).state === 'FAILURE', { timeoutMs: 10_000 });

    const follow = startCli(['--json', 'events', '--follow', '--task', 'generate'], env);
    onTestFinished(() => void follow.child.kill('SIGKILL'));
    const [byTask, byRun, table] = await Promise.all([
      runCli(['--json', 'events', '--task', 'validate'], env),
      runCli(['--json', 'events', '--id', ok], env),
      runCli(['events'], env),
    ]);
    expect(byTask.code, byTask.stderr).toBe(EXIT.ok);
    const events = json<Event[]>(byTask);
    expect(events.every((e) => e.task === 'tasks.minimap.validate')).toBe(true);
    const of = (id: string) => events.filter((e) => e.taskId === id).map((e) => e.outcome);
    expect(of(ok)).toEqual(['progress', 'succeeded']);
    expect(of(bad)).toEqual(['progress', 'failed']);
    expect(events.find((e) => e.taskId === bad && e.outcome === 'failed')?.data.error?.message).toMatch(
      /broken/,
    );
    expect(json<Event[]>(byRun).map((e) => [e.taskId, e.outcome])).toEqual([
      [ok, 'progress'],
      [ok, 'succeeded'],
    ]);
    expect(table.stdout).toMatch(/succeeded\s*│\s*tasks\.minimap\.generate\s*│/);

    // Following: started before these were submitted, it prints them as they happen.
    await waitFor(() => follow.stderr().includes('following'), { timeoutMs: 30_000 });
    expect(follow.stdout()).toBe('');
    const live = await client.submit('tasks.minimap.generate', {});
    await client.submit('tasks.minimap.validate', { warehouseId: randomUUID() });
    await waitFor(() => follow.stdout().includes(live), { timeoutMs: 10_000 });
    const lines = follow
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Event);
    expect(lines.map((l) => [l.taskId, l.outcome])).toEqual([[live, 'succeeded']]);
    expect(await follow.interrupt()).toBe(EXIT.ok);
  }, 120_000);
});
