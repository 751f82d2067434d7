import type { DbClient } from '../client.js';

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

/**
 * Running attempts (STARTED / PROGRESS), oldest first. Marked attempts hold a lease, so
 * `lease_until is not null` lets `task_runs_running_idx` serve this on a large ledger.
 */
export async function activeTasks(db: DbClient, limit: number): Promise<ActiveTask[]> {
  return db.sql<ActiveTask[]>`
    select id, name, state, worker_id as "workerId", attempts, user_id as "userId",
           started_at as "startedAt", progress
    from task_runs where lease_until is not null and state in ('STARTED', 'PROGRESS')
    order by started_at nulls last limit ${limit}`;
}
