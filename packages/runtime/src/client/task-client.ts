import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  FINAL_STATES,
  formatValidationError,
  TASKS,
  type TaskDefinition,
  type TaskInput,
  type TaskResult,
  type TaskState,
  type TaskSubject,
} from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { SubmitOptions, TaskSubmitter } from '../context.js';
import { InvalidPayloadError, TaskFailedError, TaskTimeoutError } from '../errors.js';
import { Ledger } from '../ledger/ledger.js';
import type { TaskStatus } from '../ledger/task-status.js';
import { isPermanentPublishError } from '../nats/publish-buffer.js';
import { Topology } from '../nats/topology.js';
import { SubmitUnconfirmedError } from './submit.errors.js';
import { type TaskMessage, taskMessage } from './task-message.js';
import { isNoStream, TaskPublisher } from './task-publisher.js';

export type { TaskStatus } from '../ledger/task-status.js';

export interface TaskClientOptions {
  nc: NatsConnection;
  db: DbClient;
  /** See Topology. @default '' */
  namespace?: string;
  /** Tasks this client may submit. @default the contracts catalog */
  catalog?: Readonly<Record<string, TaskDefinition>>;
  /** PubAck wait of one publish attempt. @default 5_000 (5 s) */
  pubAckTimeoutMs?: number;
  /**
   * How long `submit()` keeps re-sending (same `Nats-Msg-Id`) while NATS does not confirm,
   * before it throws SubmitUnconfirmedError (the row stays PENDING). @default 30_000 (30 s)
   */
  confirmTimeoutMs?: number;
  /** Messages `submit(…, { buffered: true })` holds while NATS is unreachable. @default 10_000 */
  bufferCapacity?: number;
}

/** Options of `TaskClient.submit` beyond those every TaskSubmitter takes. */
export interface ClientSubmitOptions extends SubmitOptions {
  /**
   * Return once the PENDING row is committed, without waiting for NATS: the message is re-sent
   * in the background with the same id until acknowledged (a web tier during a NATS restart).
   * If the buffer is full, the row stays PENDING and the pending sweep publishes it. @default false
   */
  buffered?: boolean;
  /**
   * The FAILURE/REVOKED run this submission re-runs (`retry_of` in the ledger, unique: a run
   * is retried at most once). See `retryRun` in `@repowiki/runtime/ops`.
   */
  retryOf?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Submits tasks and reads their outcome. The ledger row (PENDING) is committed and fsynced
 * BEFORE the message is published, so a worker can never run a task whose status would be
 * NOT_FOUND, and a database crash cannot forget a task that was published.
 */
export class TaskClient implements TaskSubmitter {
  readonly topology: Topology;
  readonly ledger: Ledger;
  private readonly pendingLedger: Ledger;
  private readonly catalog: Readonly<Record<string, TaskDefinition>>;
  private taskPublisher: TaskPublisher | undefined;

  constructor(private readonly options: TaskClientOptions) {
    this.topology = new Topology(options.namespace);
    // The worker shares this ledger: its running marks, progress and leases keep the
    // asynchronous-commit pool.
    this.ledger = new Ledger(options.db.ledgerSql, options.db.relaxedSql);
    // PENDING rows MUST be durable (SPEC §3): a ledger whose "relaxed" pool is the durable one,
    // used for recordPending only.
    this.pendingLedger = new Ledger(options.db.ledgerSql, options.db.ledgerSql);
    this.catalog = options.catalog ?? (TASKS as unknown as Record<string, TaskDefinition>);
  }

  /** The database this client's ledger lives in. */
  get db(): DbClient {
    return this.options.db;
  }

  /** Publishes task messages (single sends, and the re-sending buffer). */
  get publisher(): TaskPublisher {
    this.taskPublisher ??= new TaskPublisher({
      nc: this.options.nc,
      topology: this.topology,
      pubAckTimeoutMs: this.options.pubAckTimeoutMs ?? 5_000,
      bufferCapacity: this.options.bufferCapacity ?? 10_000,
    });
    return this.taskPublisher;
  }

  /** Buffered messages dropped because the buffer was full (their rows stay PENDING for the sweep). */
  get droppedPublishes(): number {
    return this.taskPublisher?.buffer.dropped ?? 0;
  }

  async submit<S extends TaskSubject>(
    subject: S,
    payload: TaskInput<S>,
    options: ClientSubmitOptions = {},
  ): Promise<string> {
    return this.submitAny(subject, payload, options);
  }

  /** Untyped submit (CLI, replays, test catalogs): still validated against the catalog. */
  async submitAny(subject: string, payload: unknown, options: ClientSubmitOptions = {}): Promise<string> {
    return (await this.submitRun(subject, payload, options)).taskId;
  }

  /**
   * `submitAny`, also saying whether this call created the ledger row (`created: false`: the
   * id existed, e.g. a second replay or retry of one run, and its message was sent again).
   */
  async submitRun(
    subject: string,
    payload: unknown,
    options: ClientSubmitOptions = {},
  ): Promise<{ taskId: string; created: boolean }> {
    const task = this.catalog[subject];
    if (!task) throw new InvalidPayloadError(subject, 'unknown task');
    const parsed = task.payload.safeParse(payload);
    if (!parsed.success) throw new InvalidPayloadError(subject, formatValidationError(parsed.error));
    const id = options.taskId ?? randomUUID();
    const notBefore =
      options.eta ??
      (options.countdownMs && options.countdownMs > 0 ? new Date(Date.now() + options.countdownMs) : null);
    // The producer's payload is what travels (defaults are applied by the worker).
    const body = JSON.stringify(payload);
    const row = {
      id,
      name: subject,
      queue: task.queue,
      payload: body,
      userId: options.userId ?? null,
      correlationId: options.correlationId ?? null,
      parentId: options.parentId ?? null,
      notBefore,
      retryOf: options.retryOf ?? null,
      expiresAt: options.expires ?? null,
    };
    // `on conflict do nothing`: a second submission of one id (a replay, a retried fire) is
    // published again under the same msg id and runs once.
    // A `ledger: false` task (access logs) has no task_runs row at all: the stream is its record.
    const created = task.ledger === false || (await this.pendingLedger.recordPending(row));
    const m = taskMessage({ ...row, subject: this.topology.subject(subject), body, submittedAt: new Date() });
    if (options.buffered) {
      // Refused for good (e.g. larger than the stream allows): it can never run, so the row
      // this call created goes. A full buffer leaves the row PENDING for the sweep.
      this.publisher
        .enqueue(m)
        ?.catch((e: unknown) => (created && isPermanentPublishError(e) ? this.forget(id) : undefined));
      return { taskId: id, created };
    }
    await this.publishConfirmed(m, created);
    return { taskId: id, created };
  }

  /**
   * Sends until the stream confirms, re-sending the same message (same msg id) on a timeout.
   * The row is removed only when no copy can have been stored: every send was refused (a
   * permanent error, or 503 = no stream took it). After an ambiguous failure (a timeout: the
   * server may have stored it) the row stays PENDING — status never says NOT_FOUND for a task
   * that may run — and the pending sweep re-publishes it if it never arrived.
   */
  private async publishConfirmed(m: TaskMessage, created: boolean): Promise<void> {
    const confirmMs = this.options.confirmTimeoutMs ?? 30_000;
    const deadline = Date.now() + confirmMs;
    let ambiguous = false;
    for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 2_000)) {
      try {
        await this.publisher.publishOnce(m);
        return;
      } catch (e: unknown) {
        const refused = isPermanentPublishError(e);
        if (!refused && !isNoStream(e)) ambiguous = true;
        if (refused || Date.now() + delayMs > deadline) {
          if (!ambiguous) {
            // Definitely not stored: a PENDING row nobody will ever run must not linger — but
            // only the row this call created (an earlier submission of the same id keeps its own).
            if (created) await this.forget(m.msgId);
            throw e;
          }
          throw new SubmitUnconfirmedError(m.msgId, confirmMs, { cause: e });
        }
        await sleep(delayMs);
      }
    }
  }

  private async forget(id: string): Promise<void> {
    await this.options.db.ledgerSql`delete from task_runs where id = ${id} and state = 'PENDING'`.catch(
      () => {},
    );
  }

  async status(id: string): Promise<TaskStatus> {
    return this.ledger.status(id);
  }

  /**
   * Waits for the outcome: resolves with the result, rejects with TaskFailedError (FAILURE
   * or REVOKED) or TaskTimeoutError. Woken by completion events, with a ledger poll as a
   * safety net (events are notifications; the ledger is the truth).
   */
  async result<S extends TaskSubject>(
    id: string,
    options: { timeoutMs?: number } = {},
  ): Promise<TaskResult<S>> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const first = await this.status(id);
    if (first.state === 'NOT_FOUND') throw new Error(`task ${id} not found`);
    const [, queue, name] = (first.subject ?? '').split('.');
    let sub: Subscription | undefined;
    let wake: (() => void) | undefined;
    if (queue && name) {
      sub = this.options.nc.subscribe(`${this.topology.subjectPrefix}events.${queue}.${name}.*`, {
        callback: (_err, msg) => {
          if (msg.subject.endsWith('.progress')) return;
          try {
            if ((msg.json() as { taskId?: string }).taskId === id) wake?.();
          } catch {
            /* not ours */
          }
        },
      });
    }
    const deadline = Date.now() + timeoutMs;
    try {
      let status = first;
      let pollMs = 25;
      while (!FINAL_STATES.includes(status.state as TaskState)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new TaskTimeoutError(id, timeoutMs);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(pollMs, left));
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        pollMs = Math.min(pollMs * 2, 500);
        status = await this.status(id);
      }
      if (status.state === 'SUCCESS') return status.result as TaskResult<S>;
      throw new TaskFailedError(
        id,
        status.state as 'FAILURE' | 'REVOKED',
        status.error ?? { name: 'Error', message: status.state },
      );
    } finally {
      sub?.unsubscribe();
    }
  }

  /**
   * Cancels a queued task (it will never run) or aborts a running one. Returns the state
   * after the request: REVOKED for a queued task, the running state while the worker aborts
   * it, NOT_FOUND for an unknown id; final tasks are left as they are.
   */
  async revoke(id: string): Promise<TaskState | 'NOT_FOUND'> {
    const state = await this.ledger.requestRevoke(id);
    if (!state) return 'NOT_FOUND';
    if (state === 'STARTED' || state === 'PROGRESS') {
      this.options.nc.publish(this.topology.revokeSubject, JSON.stringify({ taskId: id }));
      await this.options.nc.flush();
    }
    return state;
  }

  /**
   * Waits until every submission in flight has been published (buffered ones for up to
   * `timeoutMs`; any left keep their PENDING rows, which the pending sweep publishes).
   */
  async close(timeoutMs = 10_000): Promise<void> {
    await this.taskPublisher?.close(timeoutMs);
    this.taskPublisher = undefined;
    if (!this.options.nc.isClosed()) await this.options.nc.flush().catch(() => {});
  }
}
