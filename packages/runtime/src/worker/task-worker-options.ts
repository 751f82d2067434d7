import type { NatsConnection } from '@nats-io/nats-core';
import type { Queue, TaskDefinition } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { TaskMetrics } from '../metrics.js';
import type { RuntimeHandler, SettledAttempt } from './worker-deps.js';

/** How a TaskWorker runs one queue of a service. */
export interface TaskWorkerOptions {
  nc: NatsConnection;
  db: DbClient;
  queue: Queue;
  /** Catalog subject → handler (plain function, batch function or threadHandler()). */
  handlers: Readonly<Record<string, RuntimeHandler>>;
  serviceName: string;
  logger: Logger;
  metrics?: TaskMetrics;
  catalog?: Readonly<Record<string, TaskDefinition>>;
  namespace?: string;
  /** Attempts running at once; the worker never holds more messages than free slots. @default 4 */
  concurrency?: number;
  /** TASK_MAX_SIZE_PER_USER across all replicas; 0 disables. @default 5 */
  maxPerUser?: number;
  /** Override every task's soft/hard limit (TASK_SOFT_TIME_LIMIT / TASK_TIME_LIMIT). */
  softTimeLimitMs?: number;
  hardTimeLimitMs?: number;
  /**
   * JetStream redelivers an un-acked, silent message after this; it bounds how long a killed
   * worker's tasks wait. The consumer keeps the value of the last replica to start, and
   * every replica heartbeats on the consumer's actual value. @default DEFAULT_ACK_WAIT_MS (6 s)
   */
  ackWaitMs?: number;
  /**
   * A running per-user task holds its user's slot this long past the last renewal (every
   * third of it, while the attempt runs), so a crashed worker's slots free themselves.
   * @default max(2 × ackWaitMs, 10_000)
   */
  leaseMs?: number;
  /** Cluster-wide cap of un-acked messages on the queue's consumer. @default 1_000 */
  maxAckPending?: number;
  /** @deprecated No effect: throttled deliveries are parked and released when a slot frees (timers/). */
  throttleDelayMs?: number;
  /**
   * In-process hook, called once per attempt after its outcome is committed to the ledger
   * and its message acked, naked or terminated (BullMQ's worker `completed`/`failed`
   * events); bad input that is dead-lettered unrun is reported as FAILURE, attempt 0.
   * Synchronous and on the worker's hot path: keep it cheap. Other processes watch
   * `events.<queue>.<task>.*` instead.
   */
  onSettled?: (attempt: SettledAttempt) => void;
  /**
   * A database query unanswered this long counts as the database being unreachable: a hard
   * time limit that passes meanwhile gives the attempt back uncounted instead of failing
   * the task. @default DEFAULT_UNANSWERED_MS (5 s)
   */
  unansweredMs?: number;
}
