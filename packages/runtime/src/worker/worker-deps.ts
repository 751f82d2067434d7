import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { TaskDefinition } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { BatchTaskHandler, TaskContext, TaskSubmitter } from '../context.js';
import type { Ledger } from '../ledger/ledger.js';
import type { TaskMetrics } from '../metrics.js';
import type { Topology } from '../nats/topology.js';
import type { Timers } from '../timers/timers.js';
import type { LedgerReachability } from './ledger-reachability.js';
import type { ThreadHandlerRef, ThreadPool } from './thread-pool.js';

export type InlineHandlerFn = (payload: unknown, ctx: TaskContext) => Promise<unknown>;
export type RuntimeHandler = InlineHandlerFn | ThreadHandlerRef | BatchTaskHandler<never>;

/** A running attempt, as `inspect active` shows it. */
export interface ActiveTask {
  taskId: string;
  subject: string;
  attempt: number;
  userId: string | null;
  startedAt: Date;
  /** Called by the worker's deadline scanner (every SCAN_INTERVAL_MS) with Date.now(). */
  tick(now: number): void;
  /** Aborts the attempt (revoke, shutdown). */
  abort(reason: 'revoked' | 'shutdown'): void;
}

export interface WorkerCounters {
  succeeded: number;
  failed: number;
  retried: number;
  deadLettered: number;
  revoked: number;
  skipped: number;
  throttled: number;
}

/** What an attempt came to, once its outcome is committed and its message settled. */
export interface SettledAttempt {
  taskId: string;
  /** Catalog subject. */
  subject: string;
  /** 0 for bad input (non-JSON, schema-invalid, unknown subject): dead-lettered unrun. */
  attempt: number;
  /** RETRY: this attempt failed and the task goes back to the stream for another. */
  state: 'SUCCESS' | 'FAILURE' | 'RETRY' | 'REVOKED';
  /** Time the attempt ran (0 for a task revoked before it started). */
  durationMs: number;
}

/** What the attempt runner needs from its worker. */
export interface WorkerDeps {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly db: DbClient;
  readonly ledger: Ledger;
  readonly topology: Topology;
  readonly logger: Logger;
  readonly metrics: TaskMetrics | undefined;
  readonly workerId: string;
  readonly serviceName: string;
  readonly submitter: TaskSubmitter;
  readonly threads: () => ThreadPool;
  readonly active: Map<string, ActiveTask>;
  readonly counters: WorkerCounters;
  readonly limits: {
    softMs?: number;
    hardMs?: number;
    heartbeatMs: number;
    leaseMs: number;
    maxPerUser: number;
  };
  readonly catalog: Readonly<Record<string, TaskDefinition>>;
  /** Parked deliveries (countdown, retry backoff, per-user throttling) and their releaser. */
  readonly timers: Timers;
  /** When the database was last seen unreachable (the running-attempts watch probes it). */
  readonly reachability: LedgerReachability;
  /** The worker's in-process outcome hook (TaskWorkerOptions.onSettled). */
  readonly onSettled: ((s: SettledAttempt) => void) | undefined;
}
