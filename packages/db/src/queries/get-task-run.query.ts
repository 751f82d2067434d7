import type { DbClient } from '../client.js';
import type { TaskRunRow } from './list-task-runs.query.js';

export interface TaskRunDetail extends Omit<TaskRunRow, 'cursorAt'> {
  payload: unknown;
  result: unknown;
  progress: Record<string, unknown> | null;
  parentId: string | null;
  correlationId: string | null;
  notBefore: Date | null;
  revokeRequestedAt: Date | null;
  updatedAt: Date;
}

/** One run of the ledger by id (primary key). */
export async function getTaskRun(db: DbClient, id: string): Promise<TaskRunDetail | undefined> {
  const [row] = await db.sql<TaskRunDetail[]>`
    select id, name, queue, state, attempts, user_id as "userId", worker_id as "workerId",
           submitted_at as "submittedAt", started_at as "startedAt", finished_at as "finishedAt", error,
           payload, result, progress, parent_id as "parentId", correlation_id as "correlationId",
           not_before as "notBefore", revoke_requested_at as "revokeRequestedAt", updated_at as "updatedAt"
    from task_runs where id = ${id}`;
  return row;
}
