import type { Sql } from 'postgres';
import { type StartResult, type StartRow, upsertRunning } from '../ledger/ledger.js';
import { storableText } from '../ledger/storable.js';

export type UserStart = StartResult & { throttled: boolean };

/**
 * Starts an attempt only if its user runs fewer than `max` tasks across ALL replicas.
 * The count comes from the ledger (running rows whose lease is alive, so a crashed
 * worker's slot frees itself when its lease lapses), serialised per user by a
 * transaction-scoped advisory lock. A throttled delivery is put back (nak) without
 * counting an attempt, and the worker moves on to other users' messages.
 */
export async function startWithinUserLimit(
  sql: Sql,
  row: StartRow & { userId: string },
  max: number,
): Promise<UserStart> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('repowiki-user-slot'), hashtext(${row.userId}))`;
    const [running] = await tx<{ n: number }[]>`
      select count(*)::int as n from task_runs
      where user_id = ${row.userId} and state in ('STARTED','PROGRESS') and lease_until > now() and id <> ${row.id}`;
    if ((running?.n ?? 0) >= max)
      return { throttled: true, started: false, attempts: 0, revokeRequested: false };
    const out = (await upsertRunning(tx, [row])).get(storableText(row.id));
    return out
      ? { throttled: false, started: true, attempts: out.attempts, revokeRequested: out.revoke }
      : { throttled: false, started: false, attempts: 0, revokeRequested: false };
  }) as Promise<UserStart>;
}
