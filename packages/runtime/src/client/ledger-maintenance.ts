import type { ReservedSql } from 'postgres';
import {
  failUnpublishable,
  type PendingRun,
  pendingAfter,
  type SweepMark,
  sweepStart,
} from '../ledger/pending-sweep.js';
import { deleteExpiredRuns } from '../ledger/retention.js';
import { isPermanentPublishError } from '../nats/publish-buffer.js';
import type { TaskClient } from './task-client.js';
import { taskMessage } from './task-message.js';

/** pino-compatible, so the producer entry needs no logger library. */
interface MaintenanceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LedgerMaintenanceOptions {
  /** Publishes the swept tasks (its topology = the namespace swept). */
  client: TaskClient;
  logger?: MaintenanceLogger;
  /** How often the sweep runs. @default 10_000 (10 s) */
  everyMs?: number;
  /**
   * A PENDING row this old whose message may never have been published (a producer crashed
   * between its commit and its publish, or gave up on a PubAck) is re-published with its own
   * id. MUST stay below the task streams' duplicate window (2 min), so that re-publishing a
   * row whose message is merely queued is dropped by the server. @default 60_000 (60 s)
   */
  pendingAfterMs?: number;
  /** How far back a newly elected sweeper looks. @default 3_600_000 (1 h) */
  lookbackMs?: number;
  /** Finished runs older than this are deleted (TASK_RESULT_EXPIRES_MS). @default 259_200_000 (3 days) */
  resultExpiresMs?: number;
  /** How often expired runs are deleted. @default 60_000 (1 min) */
  expireEveryMs?: number;
}

/** Session advisory lock key (any fixed bigint) of the one replica that maintains the ledger. */
const LEADER_LOCK_KEY = 4_004_015;
const SWEEP_BATCH = 200;

/**
 * The ledger's housekeeping, run by ONE replica at a time (a session advisory lock held on a
 * reserved connection; another replica takes over when that connection goes):
 *
 * - the pending sweep: PENDING rows older than `pendingAfterMs` are re-published with the same
 *   task id / `Nats-Msg-Id`, rebuilt from the row. Each row is looked at once, in
 *   `(submitted_at, id)` order from a mark that only moves past rows whose publish was
 *   confirmed: a row whose message is queued is dropped as a duplicate by the stream; an
 *   orphan (crash between commit and publish) gets its message. Safe because a worker's
 *   claim never runs one task id twice.
 * - result expiry: finished runs older than `resultExpiresMs` are deleted in batches.
 *
 * It runs in scheduler-svc, the beat, as Celery's `result_expires` cleanup runs in celery beat:
 * the one deployable meant for cluster-wide periodic work, which holds no task slots.
 */
export class LedgerMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private leader: ReservedSql | undefined;
  private mark: SweepMark | undefined;
  private lastExpiredAt = 0;

  constructor(private readonly options: LedgerMaintenanceOptions) {}

  /** True while this replica holds the maintenance lock. */
  get isLeader(): boolean {
    return this.leader !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .then(
          () => {},
          (e: unknown) => this.options.logger?.error({ err: e }, 'ledger maintenance failed'),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.options.everyMs ?? 10_000);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.resign();
  }

  /** One round: take or keep the lock, sweep, expire. Exposed for tests and one-off runs. */
  async runOnce(): Promise<{ leader: boolean; republished: number; expired: number }> {
    if (!(await this.lead())) return { leader: false, republished: 0, expired: 0 };
    try {
      const republished = await this.sweep();
      let expired = 0;
      if (Date.now() - this.lastExpiredAt >= (this.options.expireEveryMs ?? 60_000)) {
        expired = await deleteExpiredRuns(this.options.client.db.ledgerSql, {
          olderThanMs: this.options.resultExpiresMs ?? 259_200_000,
        });
        this.lastExpiredAt = Date.now();
        if (expired > 0) this.options.logger?.info({ expired }, 'expired task runs deleted');
      }
      return { leader: true, republished, expired };
    } catch (e) {
      // The lock connection may be the one that failed: check it next round.
      await this.resign();
      throw e;
    }
  }

  private async lead(): Promise<boolean> {
    if (this.leader) return true;
    const conn = await this.options.client.db.sql.reserve();
    try {
      const [row] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(${LEADER_LOCK_KEY}) as ok`;
      if (row?.ok) {
        this.leader = conn;
        // A new leader does not know how far its predecessor got.
        this.mark = undefined;
        return true;
      }
    } catch (e) {
      conn.release();
      throw e;
    }
    conn.release();
    return false;
  }

  private async resign(): Promise<void> {
    const conn = this.leader;
    this.leader = undefined;
    if (!conn) return;
    await conn`select pg_advisory_unlock(${LEADER_LOCK_KEY})`.catch(() => {});
    conn.release();
  }

  /** Re-publishes PENDING rows past the mark; stops at the first row NATS did not confirm. */
  private async sweep(): Promise<number> {
    const sql = this.options.client.db.ledgerSql;
    this.mark ??= await sweepStart(sql, this.options.lookbackMs ?? 3_600_000);
    let republished = 0;
    for (;;) {
      const { rows, next } = await pendingAfter(
        sql,
        this.mark,
        this.options.pendingAfterMs ?? 60_000,
        SWEEP_BATCH,
      );
      const results = await Promise.allSettled(rows.map((r) => this.republish(r)));
      for (const [i, result] of results.entries()) {
        const row = rows[i]!;
        if (result.status === 'rejected') {
          this.options.logger?.warn(
            { err: result.reason, taskId: row.id },
            'pending task not re-published yet',
          );
          return republished;
        }
        republished++;
        this.mark = row.mark;
      }
      this.mark = next;
      if (rows.length < SWEEP_BATCH) return republished;
    }
  }

  private async republish(r: PendingRun): Promise<void> {
    const { client } = this.options;
    const m = taskMessage({
      id: r.id,
      subject: client.topology.subject(r.name),
      body: r.payload ?? 'null',
      userId: r.userId,
      correlationId: r.correlationId,
      parentId: r.parentId,
      notBefore: r.notBefore,
      expiresAt: r.expiresAt,
      submittedAt: r.submittedAt,
    });
    try {
      await client.publisher.publishOnce(m);
    } catch (e) {
      if (!isPermanentPublishError(e)) throw e;
      await failUnpublishable(client.db.ledgerSql, r.id, String((e as Error)?.message ?? e));
    }
  }
}
