import { textArray } from '@repowiki/db';
import type { Sql, TransactionSql } from 'postgres';

/**
 * What handlers did, written by the handlers themselves: one row per (task id, kind) with
 * how many times that effect happened. `completed` with n > 1 is a handler effect that ran
 * twice, whatever the ledger says.
 */
export type EffectKind = 'started' | 'completed' | 'aborted';

export async function createEffectsTable(sql: Sql): Promise<void> {
  await sql`
    create table if not exists chaos_effects (
      task_id text not null,
      kind text not null,
      n int not null default 1,
      first_at timestamptz not null default clock_timestamp(),
      last_at timestamptz not null default clock_timestamp(),
      primary key (task_id, kind)
    )`;
}

/** Records one effect; a repeat increments `n` instead of being lost in a conflict. */
export async function recordEffects(
  sql: Sql | TransactionSql,
  taskIds: readonly string[],
  kind: EffectKind,
): Promise<void> {
  if (taskIds.length === 0) return;
  await sql`
    insert into chaos_effects (task_id, kind)
    select unnest(${textArray(taskIds)}::text::text[]), ${kind}
    on conflict (task_id, kind) do update set n = chaos_effects.n + 1, last_at = clock_timestamp()`;
}

export interface EffectRow {
  taskId: string;
  kind: EffectKind;
  n: number;
  firstAtMs: number;
}

/** Effects of the given tasks (chunked: scenarios have thousands). */
export async function readEffects(sql: Sql, taskIds: readonly string[]): Promise<EffectRow[]> {
  const out: EffectRow[] = [];
  for (let i = 0; i < taskIds.length; i += 5_000) {
    const chunk = taskIds.slice(i, i + 5_000);
    const rows = await sql<{ task_id: string; kind: EffectKind; n: number; first_at: Date }[]>`
      select task_id, kind, n, first_at from chaos_effects where task_id = any(${textArray(chunk)}::text::text[])`;
    for (const r of rows)
      out.push({ taskId: r.task_id, kind: r.kind, n: r.n, firstAtMs: r.first_at.getTime() });
  }
  return out;
}

/** How many of the tasks have a `completed` effect. */
export async function countCompleted(sql: Sql, taskIds: readonly string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < taskIds.length; i += 5_000) {
    const chunk = taskIds.slice(i, i + 5_000);
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from chaos_effects where kind = 'completed' and task_id = any(${textArray(chunk)}::text::text[])`;
    n += row?.n ?? 0;
  }
  return n;
}
