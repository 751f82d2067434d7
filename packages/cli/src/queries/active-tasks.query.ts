import type { DbClient } from '@repowiki/db';

export interface ActiveTask {
  id: string;
  name: string;
  state: string;
  workerId: string | null;
  attempts: number;
  userId: string | null;
  startedAt: Date | null;
  progress: unknown;
}

/** Running attempts (STARTED / PROGRESS), oldest first; served by `task_runs_active_idx`. */
export async function activeTasks(db: DbClient, limit: number): Promise<ActiveTask[]> {
  return db.sql<ActiveTask[]>`
    select id, name, state, worker_id as "workerId", attempts, user_id as "userId",
           started_at as "startedAt", progress
    from task_runs where state in ('STARTED', 'PROGRESS')
    order by started_at nulls last limit ${limit}`;
}
