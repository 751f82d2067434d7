import type { DbClient } from '../client.js';

export interface ScheduleFire {
  entry: string;
  slot: Date;
  kind: string;
  task: string;
  taskId: string;
  firedBy: string;
  firedAt: Date;
  publishedAt: Date | null;
  /** Ledger state of the fired task (null when the ledger row is gone or not yet written). */
  state: string | null;
}

/** Newest fires first. */
export async function listScheduleFires(
  db: DbClient,
  options: { entry?: string | undefined; limit: number },
): Promise<ScheduleFire[]> {
  const s = db.sql;
  return s<ScheduleFire[]>`
    select f.entry, f.slot, f.kind, f.subject as task, f.task_id as "taskId", f.fired_by as "firedBy",
           f.fired_at as "firedAt", f.published_at as "publishedAt", t.state
    from schedule_fires f left join task_runs t on t.id = f.task_id
    ${options.entry ? s`where f.entry = ${options.entry}` : s``}
    order by f.slot desc limit ${options.limit}`;
}
