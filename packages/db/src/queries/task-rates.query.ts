import type { DbClient } from '../client.js';

export interface TaskRateBucket {
  /** Start of the minute. */
  at: Date;
  succeeded: number;
  failed: number;
}

/**
 * Tasks that ended SUCCESS or FAILURE per minute of the last hour. There is no index on
 * `finished_at` (the final write must stay a HOT update), so the scan is bounded by submission
 * time through `task_runs_submitted_idx`: runs submitted more than 2 h ago that ended within
 * the hour are not counted.
 */
export async function taskRates(db: DbClient): Promise<TaskRateBucket[]> {
  return db.sql<TaskRateBucket[]>`
    select date_trunc('minute', finished_at) as at,
           count(*) filter (where state = 'SUCCESS')::int as succeeded,
           count(*) filter (where state = 'FAILURE')::int as failed
    from task_runs
    where submitted_at > now() - interval '2 hours' and finished_at > now() - interval '1 hour'
      and state in ('SUCCESS', 'FAILURE')
    group by 1 order by 1`;
}
