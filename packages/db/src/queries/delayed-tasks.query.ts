import type { DbClient } from '../client.js';

export interface DelayedTask {
  id: string;
  name: string;
  state: string;
  notBefore: Date;
  attempts: number;
}

/** Tasks waiting for a countdown/ETA or a retry backoff. */
export async function delayedTasks(db: DbClient, limit: number): Promise<DelayedTask[]> {
  return db.sql<DelayedTask[]>`
    select id, name, state, not_before as "notBefore", attempts from task_runs
    where state in ('PENDING', 'RETRY') and not_before > now()
    order by not_before limit ${limit}`;
}
