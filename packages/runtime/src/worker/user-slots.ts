import type { Sql } from 'postgres';
import { type Claim, type ClaimRow, claimMany } from '../ledger/claim.js';
import { storableText } from '../ledger/storable.js';

export type UserStart = Claim | { verdict: 'throttled' };

/**
 * Claims a delivery only if its user runs fewer than `max` tasks across ALL replicas.
 * The count comes from the ledger (running rows whose lease is alive, so a crashed
 * worker's slot frees itself when its lease lapses), serialised per user by a
 * transaction-scoped advisory lock; the claim is the same one every delivery makes
 * (`claimMany`), in the same transaction. A throttled delivery waits without counting an
 * attempt, and the worker moves on to other users' messages.
 */
export async function claimWithinUserLimit(
  sql: Sql,
  row: ClaimRow & { userId: string },
  max: number,
): Promise<UserStart> {
  const userId = storableText(row.userId);
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('repowiki-user-slot'), hashtext(${userId}))`;
    // A task that runs under a live lease is not throttled: its redelivery is judged by the
    // claim (held, busy, or its own worker's), never parked (parking acks a message a live
    // replica still settles).
    const [running] = await tx<{ n: number; self: boolean }[]>`
      select count(*)::int as n,
        exists (select 1 from task_runs where id = ${storableText(row.id)}
                  and state in ('STARTED','PROGRESS') and lease_until > now()) as self
      from task_runs
      where user_id = ${userId} and state in ('STARTED','PROGRESS') and lease_until > now()
        and id <> ${storableText(row.id)}`;
    if ((running?.n ?? 0) >= max && !running?.self) return { verdict: 'throttled' as const };
    const [claim] = await claimMany(tx, [row]);
    return claim!;
  }) as Promise<UserStart>;
}
