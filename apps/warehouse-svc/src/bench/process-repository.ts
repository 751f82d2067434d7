import { basename, dirname } from 'node:path';
import type { TaskResult } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { TaskClient } from '@repowiki/runtime/client';
import { readWikiSnapshot } from './read-wiki-snapshot.query.js';
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

/**
 * Registers `repoDir` as a local warehouse the way `tasks warehouse add <dir>` does (type
 * `file`, named after the folder), submits `tasks.warehouse.process` through the task client
 * (ledger row, then JetStream) and waits for its outcome; then waits until the mind-map
 * tasks submitted for the warehouse (`tasks.minimap.*` with its id, after
 * `events.warehouse.completed`) have finished, and reads what was stored.
 */
export async function processRepository(
  client: TaskClient,
  db: DbClient,
  repoDir: string,
): Promise<ProcessedRun> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into warehouses (name, organization_name, address, type, branch, status)
    values (${basename(repoDir)}, ${basename(dirname(repoDir))}, ${repoDir}, 'file', '', 'pending')
    returning id`;
  if (!row) throw new Error('warehouse insert returned no row');
  const taskId = await client.submit('tasks.warehouse.process', { warehouseId: row.id });
  const failed = new AbortController();
  const result = await Promise.race([
    client.result<'tasks.warehouse.process'>(taskId, { timeoutMs: PROCESS_TIMEOUT_MS }),
    failedAttempt(db, row.id, failed.signal).then(async (error) => {
      // The task would be retried with backoff for minutes: a benchmark stops at the first failure.
      await client.revoke(taskId);
      throw new Error(`processing failed: ${error}`);
    }),
  ]).finally(() => failed.abort());
  const status = await client.status(taskId);
  const taskMs =
    status.startedAt && status.finishedAt
      ? status.finishedAt.getTime() - status.startedAt.getTime()
      : Number.NaN;
  const mapSettled = await waitForMapTasks(db, row.id);
  return { warehouseId: row.id, result, taskMs, mapSettled, snapshot: await readWikiSnapshot(db, row.id) };
}

/**
 * Resolves with the warehouse's error once an attempt has marked it FAILED; never resolves
 * otherwise (until `stop` aborts the polling).
 */
async function failedAttempt(db: DbClient, warehouseId: string, stop: AbortSignal): Promise<string> {
  while (!stop.aborted) {
    const [w] = await db.sql<{ status: string; error: string | null }[]>`
      select status, error from warehouses where id = ${warehouseId}`;
    if (w?.status === 'failed') return w.error ?? 'no error recorded';
    await new Promise((r) => setTimeout(r, 250));
  }
  return new Promise<never>(() => {});
}

async function waitForMapTasks(db: DbClient, warehouseId: string): Promise<boolean> {
  const deadline = Date.now() + MAP_WAIT_MS;
  for (let delayMs = 50; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 500)) {
    const [row] = await db.sql<{ total: number; open: number }[]>`
      select count(*)::int as total,
        count(*) filter (where state not in ('SUCCESS', 'FAILURE', 'REVOKED'))::int as open
      from task_runs
      where name like 'tasks.minimap.%' and payload->>'warehouseId' = ${warehouseId}`;
    if (row && row.total > 0 && row.open === 0) return true;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return false;
}
