import type { TaskResult } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { TaskClient } from '@repowiki/runtime/client';
import { insertLocalWarehouse } from './insert-local-warehouse.query.js';
import { countMapTasks } from './map-tasks.query.js';
import { readWikiSnapshot } from './read-wiki-snapshot.query.js';
import { warehouseFailure } from './warehouse-failure.query.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

export interface ProcessedRun {
  readonly warehouseId: string;
  readonly result: TaskResult<'tasks.warehouse.process'>;
  /** Ledger `finished_at − started_at` of the process task: what the worker spent. */
  readonly taskMs: number;
  /** False when no mind-map task for the warehouse finished within MAP_WAIT_MS. */
  readonly mapSettled: boolean;
  readonly snapshot: WikiSnapshot;
}

/** The whole process task, clone included. @default 1_800_000 (30 min, TASK_TIME_LIMIT) */
const PROCESS_TIMEOUT_MS = 1_800_000;
/** For a mind-map task to appear and finish after the wiki is done. @default 60_000 (60 s) */
const MAP_WAIT_MS = 60_000;
/** For a failed attempt to be recorded after the warehouse shows FAILED. @default 10_000 (10 s) */
const ATTEMPT_END_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers `repoDir` as a local warehouse, submits `tasks.warehouse.process` through the task
 * client (ledger row, then JetStream) and waits for its outcome; then waits until the mind-map
 * tasks submitted for the warehouse (`tasks.minimap.*` with its id, after
 * `events.warehouse.completed`) have finished, and reads what was stored.
 */
export async function processRepository(
  client: TaskClient,
  db: DbClient,
  repoDir: string,
): Promise<ProcessedRun> {
  const warehouseId = await insertLocalWarehouse(db, repoDir);
  const taskId = await client.submit('tasks.warehouse.process', { warehouseId });
  const failed = new AbortController();
  const result = await Promise.race([
    client.result<'tasks.warehouse.process'>(taskId, { timeoutMs: PROCESS_TIMEOUT_MS }),
    firstFailure(db, warehouseId, failed.signal).then(async (error) => {
      // The task would be retried with backoff for minutes: a benchmark stops at the first
      // failure. Revoked once the attempt has ended, so the waiting retry becomes REVOKED.
      await attemptEnded(client, taskId);
      await client.revoke(taskId);
      throw new Error(`processing failed: ${error}`);
    }),
  ]).finally(() => failed.abort());
  const status = await client.status(taskId);
  const taskMs =
    status.startedAt && status.finishedAt
      ? status.finishedAt.getTime() - status.startedAt.getTime()
      : Number.NaN;
  const mapSettled = await waitForMapTasks(db, warehouseId);
  return { warehouseId, result, taskMs, mapSettled, snapshot: await readWikiSnapshot(db, warehouseId) };
}

/** Resolves with the error once an attempt marked the warehouse FAILED; never, once `stop` aborts. */
async function firstFailure(db: DbClient, warehouseId: string, stop: AbortSignal): Promise<string> {
  while (!stop.aborted) {
    const error = await warehouseFailure(db, warehouseId);
    if (error !== undefined) return error;
    await sleep(250);
  }
  return new Promise<never>(() => {});
}

/** Waits (up to ATTEMPT_END_MS) until the task is not running an attempt any more. */
async function attemptEnded(client: TaskClient, taskId: string): Promise<void> {
  const deadline = Date.now() + ATTEMPT_END_MS;
  while (Date.now() < deadline && ['STARTED', 'PROGRESS'].includes((await client.status(taskId)).state)) {
    await sleep(100);
  }
}

async function waitForMapTasks(db: DbClient, warehouseId: string): Promise<boolean> {
  const deadline = Date.now() + MAP_WAIT_MS;
  for (let delayMs = 50; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 500)) {
    const { total, open } = await countMapTasks(db, warehouseId);
    if (total > 0 && open === 0) return true;
    await sleep(delayMs);
  }
  return false;
}
