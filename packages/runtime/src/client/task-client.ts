import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders, type Subscription } from '@nats-io/nats-core';
import {
  FINAL_STATES,
  formatValidationError,
  HEADERS,
  TASKS,
  type TaskDefinition,
  type TaskError,
  type TaskInput,
  type TaskProgress,
  type TaskResult,
  type TaskState,
  type TaskSubject,
} from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { SubmitOptions, TaskSubmitter } from '../context.js';
import { InvalidPayloadError, TaskFailedError, TaskTimeoutError } from '../errors.js';
import { Ledger } from '../ledger/ledger.js';
import { ensureStreams } from '../nats/ensure-streams.js';
import { PipelinedPublisher } from '../nats/pipelined-publisher.js';
import { Topology } from '../nats/topology.js';

function isNoStream(e: unknown): boolean {
  const text = `${String(e)} ${String((e as { cause?: unknown })?.cause)}`;
  return /no responders|not enabled|no stream/i.test(text);
}

export interface TaskStatus {
  id: string;
  state: TaskState | 'NOT_FOUND';
  subject: string | null;
  queue: string | null;
  attempts: number;
  result: unknown;
  error: TaskError | null;
  progress: TaskProgress | null;
  userId: string | null;
  workerId: string | null;
  submittedAt: Date | null;
  notBefore: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface TaskClientOptions {
  nc: NatsConnection;
  db: DbClient;
  /** See Topology. @default '' */
  namespace?: string;
  /** Tasks this client may submit. @default the contracts catalog */
  catalog?: Readonly<Record<string, TaskDefinition>>;
}

/**
 * Submits tasks and reads their outcome. The ledger row (PENDING) is committed BEFORE the
 * message is published, so a worker can never run a task whose status would be NOT_FOUND.
 */
export class TaskClient implements TaskSubmitter {
  readonly topology: Topology;
  readonly ledger: Ledger;
  private readonly catalog: Readonly<Record<string, TaskDefinition>>;

  constructor(private readonly options: TaskClientOptions) {
    this.topology = new Topology(options.namespace);
    this.ledger = new Ledger(options.db.ledgerSql, options.db.relaxedSql);
    this.catalog = options.catalog ?? (TASKS as unknown as Record<string, TaskDefinition>);
  }

  async submit<S extends TaskSubject>(
    subject: S,
    payload: TaskInput<S>,
    options: SubmitOptions = {},
  ): Promise<string> {
    return this.submitAny(subject, payload, options);
  }

  /** Untyped submit (CLI, replays, test catalogs): still validated against the catalog. */
  async submitAny(subject: string, payload: unknown, options: SubmitOptions = {}): Promise<string> {
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
    const created = await this.ledger.recordPending({
      id,
      name: subject,
      queue: task.queue,
      payload: body,
      userId: options.userId ?? null,
      correlationId: options.correlationId ?? null,
      parentId: options.parentId ?? null,
      notBefore,
    });
    const h = natsHeaders();
    h.set(HEADERS.taskId, id);
    h.set(HEADERS.submittedAt, new Date().toISOString());
    if (options.userId) h.set(HEADERS.userId, options.userId);
    if (options.correlationId) h.set(HEADERS.correlationId, options.correlationId);
    if (options.parentId) h.set(HEADERS.parentId, options.parentId);
    if (notBefore) h.set(HEADERS.notBefore, notBefore.toISOString());
    try {
      await this.publish(this.topology.subject(subject), body, id, h);
    } catch (e) {
      // Not submitted after all: a PENDING row nobody will ever run must not linger — but only
      // the row this call created (an earlier submission of the same id keeps its own).
      // If the message did reach the stream anyway, its delivery upserts the row again.
      if (created) {
        await this.options.db.ledgerSql`delete from task_runs where id = ${id} and state = 'PENDING'`.catch(
          () => {},
        );
      }
      throw e;
    }
    return id;
  }

  private ensuring: Promise<void> | undefined;
  private publisher: PipelinedPublisher | undefined;

  private async publish(
    subject: string,
    body: string,
    id: string,
    h: ReturnType<typeof natsHeaders>,
  ): Promise<void> {
    h.set(HEADERS.msgId, id);
    this.publisher ??= new PipelinedPublisher(this.options.nc);
    try {
      await this.publisher.publish(subject, body, h);
    } catch (e) {
      // No stream captures the subject yet (a fresh server, no worker started): create
      // the declared streams once and try again.
      if (!isNoStream(e)) throw e;
      // Concurrent submissions share one creation attempt.
      this.ensuring ??= jetstreamManager(this.options.nc).then((jsm) => ensureStreams(jsm, this.topology));
      await this.ensuring;
      await this.publisher.publish(subject, body, h);
    }
  }

  async status(id: string): Promise<TaskStatus> {
    const row = await this.ledger.get(id);
    if (!row) {
      return {
        id,
        state: 'NOT_FOUND',
        subject: null,
        queue: null,
        attempts: 0,
        result: null,
        error: null,
        progress: null,
        userId: null,
        workerId: null,
        submittedAt: null,
        notBefore: null,
        startedAt: null,
        finishedAt: null,
      };
    }
    return {
      id: row.id,
      state: row.state,
      subject: row.name,
      queue: row.queue,
      attempts: row.attempts,
      result: row.result,
      error: row.error,
      progress: row.progress,
      userId: row.userId,
      workerId: row.workerId,
      submittedAt: row.submittedAt,
      notBefore: row.notBefore,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    };
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

  /** Waits until every submission in flight has been written and published. */
  async close(): Promise<void> {
    await this.options.nc.flush();
    this.publisher?.close();
    this.publisher = undefined;
  }
}
