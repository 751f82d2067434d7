import { randomUUID } from 'node:crypto';
import { TaskClient } from '@repowiki/runtime/client';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { startMinimapWorker } from '../test/minimap-worker.js';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tasks submit --eta / --expires', () => {
  test('--eta holds a task until its time; --expires revokes one no worker started in time', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    const eta = new Date(Date.now() + 30_000);
    const lateWarehouse = randomUUID();
    // No worker yet: this one expires before any can start it.
    const [expiring, delayed, both, badTime, never] = await Promise.all([
      runCli(
        [
          '--json',
          'submit',
          'minimap.validate',
          JSON.stringify({ warehouseId: lateWarehouse }),
          '--expires',
          '+2s',
        ],
        env,
      ),
      runCli(['--json', 'submit', 'minimap.generate', '--eta', eta.toISOString()], env),
      runCli(['submit', 'minimap.generate', '--eta', '+1m', '--countdown', '5000'], env),
      runCli(['submit', 'minimap.generate', '--eta', 'tomorrow'], env),
      runCli(['submit', 'minimap.generate', '--eta', '+1h', '--expires', '+10m'], env),
    ]);
    expect(expiring.code, expiring.stderr).toBe(EXIT.ok);
    expect(delayed.code, delayed.stderr).toBe(EXIT.ok);
    expect(both.code).toBe(EXIT.usage);
    expect(badTime.code).toBe(EXIT.usage);
    expect(badTime.stderr).toMatch(/not a time: "tomorrow"/);
    expect(never.code).toBe(EXIT.usage);
    expect(never.stderr).toMatch(/--expires is before the task may start/);
    const expId = json<{ taskId: string }>(expiring).taskId;
    const etaId = json<{ taskId: string }>(delayed).taskId;
    const [row] = await dbClient.sql<{ notBefore: Date; expiresAt: Date | null }[]>`
      select not_before as "notBefore", expires_at as "expiresAt" from task_runs where id = ${etaId}`;
    expect(row?.notBefore.getTime()).toBe(eta.getTime());
    await waitFor(async () => Date.now() > (await client.status(expId)).submittedAt!.getTime() + 2_500, {
      timeoutMs: 10_000,
    });

    const w = await startMinimapWorker(nc, dbClient, ns);
    onTestFinished(() => w.stop());
    await waitFor(async () => (await client.status(expId)).state === 'REVOKED', { timeoutMs: 15_000 });
    expect((await client.status(expId)).error).toMatchObject({ code: 'expired' });
    expect(w.validations.get(lateWarehouse)).toBeUndefined();
    // The --eta task waits for its time (however slow the steps above were), then runs.
    await sleep(1_000);
    if (Date.now() < eta.getTime() - 1_000) expect((await client.status(etaId)).state).toBe('PENDING');
    await client.result(etaId, { timeoutMs: 60_000 });
    expect((await client.status(etaId)).startedAt!.getTime()).toBeGreaterThanOrEqual(eta.getTime());
  }, 120_000);
});
