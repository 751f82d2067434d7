import type { TaskState } from '@repowiki/contracts';
import { textArray } from '@repowiki/db/pg-array';
import type { Sql } from 'postgres';

/**
 * Which ledger runs an operation applies to (`tasks list|count|retry|revoke`, the web
 * console). Every field narrows; none set means every run.
 */
export interface RunFilter {
  /** Any of these states. */
  states?: readonly TaskState[] | undefined;
  /** Catalog subject, e.g. `tasks.warehouse.process`. */
  task?: string | undefined;
  queue?: string | undefined;
  userId?: string | undefined;
  /** Submitted at or after this time. */
  since?: Date | undefined;
  /** Submitted before this time. */
  until?: Date | undefined;
  /** The run with this id, or runs whose error message contains this text (any case). */
  text?: string | undefined;
  /** Keyset paging: runs strictly older than this one, in `(submitted_at, id)` order. */
  before?: { submittedAt: Date | string; id: string } | undefined;
}

/**
 * The WHERE clause of a filter. Which index serves it (see `tasks list` in the CLI README):
 * `task` → `(name, submitted_at)`, `userId` → `task_runs_user_submitted_idx`, `queue` →
 * `task_runs_queue_submitted_idx`, otherwise `task_runs_submitted_idx (submitted_at, id)` read
 * newest first. `state` and `text` are filtered on the rows read: an index on `state` (or the
 * error) would make final writes non-HOT updates; a time range bounds what they read.
 */
export function runWhere(sql: Sql, f: RunFilter) {
  const parts = [
    f.task ? sql`name = ${f.task}` : undefined,
    f.queue ? sql`queue = ${f.queue}` : undefined,
    f.userId ? sql`user_id = ${f.userId}` : undefined,
    f.states?.length ? sql`state = any(${textArray(f.states)}::text::task_state[])` : undefined,
    f.since ? sql`submitted_at >= ${f.since.toISOString()}::timestamptz` : undefined,
    f.until ? sql`submitted_at < ${f.until.toISOString()}::timestamptz` : undefined,
    // Read while walking the index in use, like `state`; the time range bounds it.
    f.text
      ? sql`(id = ${f.text} or error->>'message' ilike ${`%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`
      : undefined,
    f.before
      ? // `::text` first: a parameter typed timestamptz goes through postgres.js's Date serializer,
        // which would cut the microseconds off again.
        sql`(submitted_at, id) < (${at(f.before.submittedAt)}::text::timestamptz, ${f.before.id})`
      : undefined,
  ].filter((p) => p !== undefined);
  if (parts.length === 0) return sql``;
  return sql`where ${parts.slice(1).reduce((acc, p) => sql`${acc} and ${p}`, parts[0]!)}`;
}

/** A time as PostgreSQL reads it; a string keeps its microseconds (`RunSummary.cursorAt`). */
function at(t: Date | string): string {
  return typeof t === 'string' ? t : t.toISOString();
}
