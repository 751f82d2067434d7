import type { DbClient } from '../client.js';

export interface ChildTaskRun {
  id: string;
  name: string;
  state: string;
}

/**
 * Runs whose parent is `parentId` (a dead letter's replay, follow-up tasks), newest first.
 * Walks `task_runs_parent_idx`.
 */
export async function childTaskRuns(db: DbClient, parentId: string, limit = 20): Promise<ChildTaskRun[]> {
  return db.sql<ChildTaskRun[]>`
    select id, name, state from task_runs where parent_id = ${parentId}
    order by submitted_at desc limit ${limit}`;
}
