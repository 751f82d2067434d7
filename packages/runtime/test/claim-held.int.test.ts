import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { ClaimRow } from '../src/ledger/claim.js';
import { Ledger } from '../src/ledger/ledger.js';
import { claimWithinUserLimit } from '../src/worker/user-slots.js';

/**
 * The claim's `held` verdict: a message redelivered while another worker runs its task under
 * a live lease. It must come before the verdicts that take a row over (revoke, exhausted):
 * a live holder aborts on revoke itself, and its attempt is not a crashed one.
 */
const delivery = (id: string, workerId: string, seq: number, extra: Partial<ClaimRow> = {}): ClaimRow => ({
  id,
  name: 'tasks.warehouse.echo',
  queue: 'warehouse',
  payload: '{"value":"x"}',
  userId: null,
  correlationId: null,
  parentId: null,
  workerId,
  leaseMs: 10_000,
  seq,
  maxAttempts: 3,
  ...extra,
});

describe("the claim's held verdict", () => {
  test('same message, live lease, another worker: held, naming the holder; the holder itself runs it', async ({
    dbClient,
  }) => {
    const ledger = new Ledger(dbClient.ledgerSql, dbClient.relaxedSql);
    expect(await ledger.claim(delivery('h-1', 'worker-a', 7))).toEqual({ verdict: 'run', attempt: 1 });
    expect(await ledger.claim(delivery('h-1', 'worker-b', 7))).toEqual({
      verdict: 'held',
      attempt: 1,
      holder: 'worker-a',
    });
    // Another message with this id is still a duplicate, whoever asks.
    expect((await ledger.claim(delivery('h-1', 'worker-b', 8))).verdict).toBe('busy');
    // The row is untouched by the held verdict.
    const [row] = await dbClient.sql<{ worker_id: string; attempts: number }[]>`
      select worker_id, attempts from task_runs where id = 'h-1'`;
    expect(row).toEqual({ worker_id: 'worker-a', attempts: 1 });
    // The holder's own redelivery (one its worker did not recognise) runs as a new attempt.
    expect(await ledger.claim(delivery('h-1', 'worker-a', 7))).toEqual({ verdict: 'run', attempt: 2 });
  });

  test('held comes before revoke and exhausted while the lease is live, not after it lapsed', async ({
    dbClient,
  }) => {
    const ledger = new Ledger(dbClient.ledgerSql, dbClient.relaxedSql);
    await ledger.claim(delivery('h-2', 'worker-a', 9, { maxAttempts: 1 }));
    await dbClient.sql`update task_runs set revoke_requested_at = now() where id = 'h-2'`;
    expect((await ledger.claim(delivery('h-2', 'worker-b', 9, { maxAttempts: 1 }))).verdict).toBe('held');
    // The holder is gone (no responder, lease not renewed): its lease is ended...
    expect(await ledger.endLeaseOf('h-2', 'worker-a', 9)).toEqual({ ended: true });
    // ...and the next claim takes the row over to write REVOKED.
    expect((await ledger.claim(delivery('h-2', 'worker-b', 9, { maxAttempts: 1 }))).verdict).toBe('revoke');
    // Its last attempt running: held while the holder lives, exhausted once it is gone.
    await ledger.claim(delivery('h-6', 'worker-a', 10, { maxAttempts: 1 }));
    expect((await ledger.claim(delivery('h-6', 'worker-b', 10, { maxAttempts: 1 }))).verdict).toBe('held');
    expect(await ledger.endLeaseOf('h-6', 'worker-a', 10)).toEqual({ ended: true });
    expect((await ledger.claim(delivery('h-6', 'worker-b', 10, { maxAttempts: 1 }))).verdict).toBe(
      'exhausted',
    );
  });

  test('a lease renewed within the renewal period is not ended for a holder without a responder', async ({
    dbClient,
  }) => {
    const ledger = new Ledger(dbClient.ledgerSql, dbClient.relaxedSql);
    await ledger.claim(delivery('h-3', 'worker-a', 11));
    const recent = { leaseMs: 10_000, withinMs: 5_000 };
    // Just claimed: lease_until = now + 10 s, renewed "now": stale in about 5 s.
    const fresh = await ledger.endLeaseOf('h-3', 'worker-a', 11, recent);
    expect(fresh.ended).toBe(false);
    expect(fresh.ended === false && fresh.staleInMs).toBeGreaterThan(4_000);
    expect(fresh.ended === false && fresh.staleInMs).toBeLessThanOrEqual(5_000);
    // Last renewed 6 s ago (4 s left): ended.
    await dbClient.sql`update task_runs set lease_until = now() + interval '4 seconds' where id = 'h-3'`;
    expect(await ledger.endLeaseOf('h-3', 'worker-a', 11, recent)).toEqual({ ended: true });
    // Never another worker's row, nor another message's.
    await ledger.claim(delivery('h-4', 'worker-a', 12));
    expect(await ledger.endLeaseOf('h-4', 'worker-b', 12)).toEqual({ ended: false });
    expect(await ledger.endLeaseOf('h-4', 'worker-a', 13)).toEqual({ ended: false });
  });

  test('per-user claims say held too (the user count leaves the task itself out)', async ({ dbClient }) => {
    const ledger = new Ledger(dbClient.ledgerSql, dbClient.relaxedSql);
    const user = { userId: 'held-user' };
    await ledger.claim(delivery('h-5', 'worker-a', 14, user));
    const claim = await claimWithinUserLimit(
      dbClient.ledgerSql,
      { ...delivery('h-5', 'worker-b', 14, user), userId: 'held-user' },
      1,
    );
    expect(claim).toEqual({ verdict: 'held', attempt: 1, holder: 'worker-a' });
    // Even when the user's other running tasks fill the limit: held, not throttled (a
    // throttled delivery is parked and acked while its holder still settles it).
    await ledger.claim(delivery('h-7', 'worker-c', 15, user));
    const full = await claimWithinUserLimit(
      dbClient.ledgerSql,
      { ...delivery('h-5', 'worker-b', 14, user), userId: 'held-user' },
      1,
    );
    expect(full).toEqual({ verdict: 'held', attempt: 1, holder: 'worker-a' });
    // A task of that user that is not running yet is throttled as before.
    const other = await claimWithinUserLimit(
      dbClient.ledgerSql,
      { ...delivery('h-8', 'worker-b', 16, user), userId: 'held-user' },
      1,
    );
    expect(other).toEqual({ verdict: 'throttled' });
  });
});
