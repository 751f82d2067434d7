import { randomUUID } from 'node:crypto';
import { TaskClient } from '@repowiki/runtime/client';
import { listDeadLetters } from '@repowiki/runtime/ops';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { startMinimapWorker } from '../test/minimap-worker.js';
import { Connections } from './connections.js';
import { replayDeadLetter } from './replay-dead-letter.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tasks dlq replay', () => {
  test('two replays of one dead letter (two operators at once) run the task once, under one id', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const w = await startMinimapWorker(nc, dbClient, ns);
    onTestFinished(() => w.stop());
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    const broken = randomUUID();
    w.failing.add(broken);
    const dead = await client.submit('tasks.minimap.validate', { warehouseId: broken });
    await waitFor(async () => (await client.status(dead)).state === 'FAILURE', { timeoutMs: 10_000 });
    const [letter] = await waitFor(
      async () => {
        const list = await listDeadLetters(jsm, client.topology, { limit: 10 });
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    w.failing.delete(broken);
    w.validations.clear();

    const operator = () => {
      const conn = new Connections({
        natsUrl: inject('natsUrl'),
        databaseUrl,
        namespace: ns,
        json: true,
        connectTimeout: 5_000,
      });
      onTestFinished(() => conn.close());
      return conn;
    };
    const [a, b] = await Promise.all([
      replayDeadLetter(operator(), letter!.seq),
      replayDeadLetter(operator(), letter!.seq),
    ]);
    expect(a.taskId).toBe(b.taskId);
    expect(a.taskId).not.toBe(dead);
    await client.result(a.taskId, { timeoutMs: 10_000 });
    // A second run would land within a moment of the first.
    await sleep(1_000);
    expect(w.validations.get(broken)).toBe(1);
    expect((await client.status(a.taskId)).state).toBe('SUCCESS');
    expect(await listDeadLetters(jsm, client.topology, { limit: 10 })).toEqual([]);
  }, 60_000);
});
