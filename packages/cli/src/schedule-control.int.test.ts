import { freePort } from '@repowiki/db';
import { runService, waitForHttp } from '@repowiki/devstack';
import { Topology } from '@repowiki/runtime/client';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tasks schedule trigger / pause / resume with two scheduler replicas', () => {
  test('trigger fires exactly once across replicas (a repeated request too); pause holds on both; list shows it', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const schedule = JSON.stringify({
      includeDefaults: false,
      entries: {
        tick: { task: 'minimap.generate', everySeconds: 1 },
        nightly: { task: 'statistics.daily', cron: '0 3 * * *', timezone: 'Europe/Berlin', missed: 'skip' },
      },
    });
    const ports = [await freePort(), await freePort()];
    const replicas = ports.map((port) =>
      runService('scheduler-svc', {
        env: { ...env, HTTP_PORT: String(port), LOG_LEVEL: 'warn', SCHEDULE_JSON: schedule },
      }),
    );
    onTestFinished(async () => {
      await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    });
    await Promise.all(
      ports.map((p) => waitForHttp(`http://127.0.0.1:${p}/readyz`, { timeoutMs: 90_000 })),
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${replicas.map((r) => r.output()).join('\n')}`);
    });
    const topology = new Topology(ns);
    const dailyMessages = async () =>
      (await jsm.streams.info(topology.taskStream('statistics'), { subjects_filter: '>' })).state.messages;
    const fires = async (entry: string, kind?: string) =>
      (
        await dbClient.sql<{ n: number }[]>`
          select count(*)::int as n from schedule_fires
          where entry = ${entry} and (${kind ?? null}::text is null or kind = ${kind ?? ''})`
      )[0]?.n ?? 0;

    const trigger = await runCli(['--json', 'schedule', 'trigger', 'nightly'], env);
    expect(trigger.code, trigger.stderr).toBe(EXIT.ok);
    const fired = json<{ ok: true; taskId: string; task: string; created: boolean }>(trigger);
    expect(fired).toMatchObject({ task: 'tasks.statistics.daily', created: true });
    expect(await fires('nightly', 'manual')).toBe(1);
    expect(await dailyMessages()).toBe(1);
    const [row] = await dbClient.sql<
      { state: string }[]
    >`select state from task_runs where id = ${fired.taskId}`;
    expect(row?.state).toBe('PENDING');

    // The same request twice at once (a client that re-sent it): one fire, one task, one message.
    const request = JSON.stringify({ entry: 'nightly', requestedAt: new Date().toISOString() });
    const replies = await Promise.all(
      [1, 2].map(async () =>
        (await nc.request(`${ns}.repowiki.scheduler.trigger`, request, { timeout: 15_000 })).json<{
          taskId: string;
          created: boolean;
        }>(),
      ),
    );
    expect(replies[0]?.taskId).toBe(replies[1]?.taskId);
    expect(replies.map((r) => r.created).sort()).toEqual([false, true]);
    expect(await fires('nightly', 'manual')).toBe(2);
    await waitFor(async () => (await dailyMessages()) === 2, { timeoutMs: 5_000 });
    await sleep(500);
    expect(await dailyMessages()).toBe(2);

    // Pause: no replica fires `tick` once the answer is in (a slot being fired as the pause
    // lands may still go out: allow one second), until resumed.
    await waitFor(async () => (await fires('tick')) >= 2, { timeoutMs: 20_000 });
    const pause = await runCli(['schedule', 'pause', 'tick'], env);
    expect(pause.code, pause.stderr).toBe(EXIT.ok);
    expect(pause.stdout.trim()).toBe('tick: paused');
    await sleep(1_000);
    const atPause = await fires('tick');
    await sleep(3_000);
    expect(await fires('tick')).toBe(atPause);
    const [list, table, againPaused, missing, missingPause] = await Promise.all([
      runCli(['--json', 'schedule', 'list'], env),
      runCli(['schedule', 'list'], env),
      runCli(['--json', 'schedule', 'pause', 'tick'], env),
      runCli(['schedule', 'trigger', 'nosuch'], env),
      runCli(['schedule', 'pause', 'nosuch'], env),
    ]);
    const entries = json<{ entries: { name: string; paused: boolean; pausedAt: string | null }[] }>(
      list,
    ).entries;
    expect(entries.find((e) => e.name === 'tick')).toMatchObject({ paused: true });
    expect(entries.find((e) => e.name === 'nightly')).toMatchObject({ paused: false, pausedAt: null });
    expect(table.stdout).toMatch(/tick\s*│.*│\s*PAUSED since/);
    expect(json(againPaused)).toMatchObject({ ok: true, entry: 'tick', paused: true, changed: false });
    expect(missing.code).toBe(EXIT.notFound);
    expect(missingPause.code).toBe(EXIT.notFound);
    expect(missing.stderr).toMatch(/no schedule entry "nosuch"/);

    // A trigger still fires a paused entry (the operator asked for it).
    const manual = await runCli(['--json', 'schedule', 'trigger', 'tick'], env);
    expect(json(manual)).toMatchObject({ created: true });
    expect(await fires('tick')).toBe(atPause + 1);

    const resume = await runCli(['schedule', 'resume', 'tick'], env);
    expect(resume.stdout.trim()).toBe('tick: running');
    await waitFor(async () => (await fires('tick', 'on-time')) > atPause, { timeoutMs: 5_000 });
  }, 240_000);
});
