import type { DbClient } from '../client.js';

export interface TaskRunFilter {
  state?: string | undefined;
  /** Catalog subject, e.g. `tasks.warehouse.process`. */
  task?: string | undefined;
  queue?: string | undefined;
  user?: string | undefined;
  /** Submitted at or after. */
  from?: Date | undefined;
  /** Submitted before. */
  to?: Date | undefined;
  /** A task id, or text in the error message (case-insensitive). */
  text?: string | undefined;
}

/** Where the previous page ended: its last row's submission time (microseconds, UTC) and id. */
export interface TaskRunCursor {
  at: string;
  id: string;
}

export interface TaskRunRow {
  id: string;
  name: string;
  queue: string;
  state: string;
  attempts: number;
  userId: string | null;
  workerId: string | null;
  submittedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: { name: string; message: string; code?: string } | null;
  /** `submitted_at` with its microseconds, for the next page's cursor. */
  cursorAt: string;
}

/** A page that has to look at more rows than this gives up (statement_timeout). @default 5_000 (5 s) */
const LIST_TIMEOUT_MS = 5_000;

/**
 * Ledger runs, newest first, a page at a time (keyset: `(submitted_at, id) < cursor`), so a page
 * costs the same on the first screen and the thousandth. The order is that of the indexes
 * `task_runs_submitted_idx (submitted_at, id)`, `task_runs_queue_submitted_idx`,
 * `task_runs_name_submitted_at_index` and `task_runs_user_submitted_idx`; a filter on `state`
 * or text is applied while walking one of them, since no index may reference `state` (the
 * ledger's updates must stay HOT) — a rare state over a long time range reads many rows, which
 * the time range bounds and `statement_timeout` caps.
 */
export async function listTaskRuns(
  db: DbClient,
  filter: TaskRunFilter,
  options: { limit: number; before?: TaskRunCursor | undefined },
): Promise<TaskRunRow[]> {
  const s = db.sql;
  const conditions = [
    options.before ? s`(submitted_at, id) < (${options.before.at}::timestamptz, ${options.before.id})` : null,
    filter.state ? s`state = ${filter.state}` : null,
    filter.task ? s`name = ${filter.task}` : null,
    filter.queue ? s`queue = ${filter.queue}` : null,
    filter.user ? s`user_id = ${filter.user}` : null,
    filter.from ? s`submitted_at >= ${filter.from}` : null,
    filter.to ? s`submitted_at < ${filter.to}` : null,
    filter.text
      ? s`(id = ${filter.text} or (error is not null and error->>'message' ilike ${`%${escapeLike(filter.text)}%`}))`
      : null,
  ].filter((c) => c !== null);
  const where = conditions.reduce((acc, c, i) => (i === 0 ? s`where ${c}` : s`${acc} and ${c}`), s``);
  return s.begin(async (tx) => {
    await tx`select set_config('statement_timeout', ${String(LIST_TIMEOUT_MS)}, true)`;
    return tx<TaskRunRow[]>`
      select id, name, queue, state, attempts, user_id as "userId", worker_id as "workerId",
             submitted_at as "submittedAt", started_at as "startedAt", finished_at as "finishedAt", error,
             to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"
      from task_runs ${where}
      order by submitted_at desc, id desc
      limit ${options.limit}`;
  }) as Promise<TaskRunRow[]>;
}

/** `%` and `_` are text here, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
