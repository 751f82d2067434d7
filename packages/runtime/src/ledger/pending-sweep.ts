import type { Sql } from 'postgres';

/** A PENDING row as the sweep reads it: everything its message is rebuilt from. */
export interface PendingRun {
  id: string;
  name: string;
  queue: string;
  /** The submitted payload as JSON text. */
  payload: string | null;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  notBefore: Date | null;
  expiresAt: Date | null;
  submittedAt: Date;
  /** This row's position: the sweep resumes after it once the row is handled. */
  mark: SweepMark;
}

/** Position of the sweep in `(submitted_at, id)` order: rows at or before it were handled. */
export interface SweepMark {
  /** `submitted_at` as PostgreSQL's text (microseconds kept: a JS Date would drop them). */
  at: string;
  id: string;
}

/** Where a sweeper with no history starts: `lookbackMs` before now. */
export async function sweepStart(sql: Sql, lookbackMs: number): Promise<SweepMark> {
  const [row] = await sql<
    { at: string }[]
  >`select (now() - ${lookbackMs} * interval '1 millisecond')::text as at`;
  return { at: row!.at, id: '' };
}

/**
 * PENDING rows after `after` and submitted more than `olderThanMs` ago, oldest first. Returns
 * the rows and the mark to resume from once they are all handled (the last row's, or the
 * cutoff when fewer than `limit` were found).
 *
 * Index use: `task_runs_submitted_idx (submitted_at, id)` bounds the scan to the rows
 * submitted since the last sweep; `state` is filtered on the heap (an index on `state` would
 * make every final write a non-HOT update).
 */
export async function pendingAfter(
  sql: Sql,
  after: SweepMark,
  olderThanMs: number,
  limit: number,
): Promise<{ rows: PendingRun[]; next: SweepMark }> {
  const [cut] = await sql<{ cutoff: string }[]>`
    select (now() - ${olderThanMs} * interval '1 millisecond')::text as cutoff`;
  const cutoff = cut!.cutoff;
  const rows = await sql<(Omit<PendingRun, 'mark'> & { mark: string })[]>`
    select id, name, queue, payload::text as payload, user_id as "userId",
           correlation_id as "correlationId", parent_id as "parentId",
           not_before as "notBefore", expires_at as "expiresAt", submitted_at as "submittedAt", submitted_at::text as mark
    from task_runs
    where (submitted_at, id) > (${after.at}::timestamptz, ${after.id})
      and submitted_at < ${cutoff}::timestamptz
      and state = 'PENDING'
    order by submitted_at, id
    limit ${limit}`;
  const last = rows.at(-1);
  const next = rows.length === limit && last ? { at: last.mark, id: last.id } : { at: cutoff, id: '' };
  return {
    rows: rows.map(({ mark, ...r }) => ({
      ...r,
      mark: { at: mark, id: r.id },
      notBefore: r.notBefore ? new Date(r.notBefore) : null,
      expiresAt: r.expiresAt ? new Date(r.expiresAt) : null,
      submittedAt: new Date(r.submittedAt),
    })),
    next,
  };
}

/**
 * Fails a PENDING task whose message the server refuses for good (e.g. larger than the
 * stream allows): it can never run, and a FAILURE says why instead of PENDING forever.
 */
export async function failUnpublishable(sql: Sql, id: string, message: string): Promise<void> {
  await sql`
    update task_runs set state = 'FAILURE', finished_at = now(), updated_at = now(),
      error = ${JSON.stringify({ name: 'PublishError', message, code: 'unpublishable' })}::text::jsonb
    where id = ${id} and state = 'PENDING'`;
}
