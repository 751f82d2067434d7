import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import type { BatchItem, BatchTaskHandler } from '../context.js';
import { retryDelayMs } from './backoff.js';
import { deadLetter, terminate } from './dead-letter.js';
import type { Envelope } from './decode.js';
import { describeError, notifySettled } from './settle.js';
import type { WorkerDeps } from './worker-deps.js';

interface Pending {
  m: JsMsg;
  envelope: Envelope;
  payload: unknown;
  done: () => void;
}

/**
 * Collects valid messages of one batch task into calls of up to `maxSize` messages or
 * `maxWaitMs`. Every message is acked only after the handler (which commits) and the
 * ledger write succeed; a failing batch is retried as a whole with backoff, and after
 * `maxRetries` each of its messages is dead-lettered.
 */
export class BatchRunner {
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: WorkerDeps,
    private readonly task: TaskDefinition & { batch: { maxSize: number; maxWaitMs: number } },
    private readonly handler: BatchTaskHandler<never>,
  ) {}

  /** Resolves when the message has been settled (its slot may be reused). */
  add(m: JsMsg, envelope: Envelope, payload: unknown): Promise<void> {
    return new Promise<void>((done) => {
      this.buffer.push({ m, envelope, payload, done });
      if (this.buffer.length >= this.task.batch.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.task.batch.maxWaitMs);
    });
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0, this.buffer.length);
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.run(batch));
    return this.flushing;
  }

  private async run(batch: Pending[]): Promise<void> {
    const { deps, task } = this;
    const started = Date.now();
    try {
      const items: BatchItem<never>[] = batch.map((p) => ({
        taskId: p.envelope.taskId,
        payload: p.payload as never,
        userId: p.envelope.userId,
      }));
      const controller = new AbortController();
      await this.handler(items, {
        subject: task.subject as never,
        signal: controller.signal,
        logger: deps.logger.child({ task: task.subject, batch: batch.length }),
        db: deps.db,
      });
      await deps.db.ledgerSql`
        insert into task_runs as t (id, name, queue, state, payload, user_id, attempts, worker_id, started_at, finished_at, result)
        select v.id, ${task.subject}, ${task.queue}, 'SUCCESS', v.payload::jsonb, v.user_id, 1, ${deps.workerId},
               to_timestamp(${started} / 1000.0), now(), 'null'::jsonb
        from json_to_recordset(${JSON.stringify(
          batch.map((p) => ({ id: p.envelope.taskId, payload: p.envelope.body, user_id: p.envelope.userId })),
        )}::text::json) as v(id text, payload text, user_id text)
        on conflict (id) do update set state = 'SUCCESS', finished_at = now(), attempts = t.attempts + 1,
          worker_id = excluded.worker_id, updated_at = now()
        where t.state not in ('SUCCESS','FAILURE','REVOKED')`;
      // MUST ack only now: the rows are committed.
      const durationMs = Date.now() - started;
      for (const p of batch) {
        p.m.ack();
        notifySettled(deps, p.envelope.taskId, task.subject, p.m.info.deliveryCount, 'SUCCESS', durationMs);
      }
      deps.counters.succeeded += batch.length;
      deps.metrics?.completed.inc({ task: task.subject, outcome: 'success' }, batch.length);
      deps.metrics?.duration.observe(
        { task: task.subject, outcome: 'success' },
        (Date.now() - started) / 1000,
      );
    } catch (e) {
      const error = describeError(e);
      deps.logger.warn({ task: task.subject, batch: batch.length, err: error }, 'batch failed');
      for (const p of batch) {
        const attempt = p.m.info.deliveryCount;
        if (attempt <= task.retry.maxRetries) {
          p.m.nak(retryDelayMs(task.retry, attempt));
          notifySettled(deps, p.envelope.taskId, task.subject, attempt, 'RETRY', Date.now() - started);
          deps.counters.retried++;
          deps.metrics?.retries.inc({ task: task.subject });
        } else {
          await deadLetter(deps.js, deps.topology, p.m, {
            queue: task.queue,
            task: task.name,
            catalogSubject: task.subject,
            taskId: p.envelope.taskId,
            code: 'retries_exhausted',
            reason: `${error.name}: ${error.message}`,
            attempts: attempt,
          }).then(
            () => {
              terminate(p.m, deps.nc, 'retries_exhausted');
              notifySettled(deps, p.envelope.taskId, task.subject, attempt, 'FAILURE', Date.now() - started);
              deps.counters.deadLettered++;
              deps.metrics?.deadLetters.inc({ task: task.subject, code: 'retries_exhausted' });
            },
            () => p.m.nak(1_000),
          );
        }
      }
    } finally {
      for (const p of batch) p.done();
    }
  }
}
