import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { type AccessLogPublisher, createAccessLogPublisher } from '../src/access-log/access-log-publisher.js';
import type { SubmitOptions } from '../src/context.js';
import { WORK } from './chaos-catalog.js';
import type { Stage } from './stage.js';

/** 1–200 ms: the handler durations the issue asks for. */
export const workMs = () => 1 + Math.floor(Math.random() * 200);

/**
 * What the producers of a scenario asked for and when, so that the handlers' effects can
 * be matched against it.
 */
export class Tracker {
  /** Tasks a producer handed over and was told were accepted: each must complete once. */
  readonly accepted = new Map<string, number>();
  /** Page views the web tier's buffered publisher gave up on (buffer full, or refused for good). */
  readonly dropped = new Map<string, number>();
  /** `TaskClient.submit` calls that threw: the caller saw an error, so they are not counted as submitted. */
  readonly refused = new Set<string>();

  /**
   * The access-log middleware's own publisher: entries wait in its bounded buffer while NATS
   * is unreachable and are re-sent with the same id until acknowledged.
   */
  private publisher: AccessLogPublisher | undefined;

  constructor(private readonly stage: Stage) {}

  /** Waits for buffered page views to be acknowledged (end of a scenario's load). */
  async flushPageViews(timeoutMs = 30_000): Promise<void> {
    await this.publisher?.flush(timeoutMs);
  }

  /** One `tasks.warehouse.work` through `TaskClient.submit`. */
  async submit(options: SubmitOptions = {}, ms = workMs()): Promise<string> {
    const taskId = options.taskId ?? randomUUID();
    const at = Date.now();
    try {
      await this.stage.client.submitAny(WORK.warehouse, { ms }, { ...options, taskId });
      this.accepted.set(taskId, at);
    } catch {
      this.refused.add(taskId);
    }
    return taskId;
  }

  /** One page view through the web tier's helper, as the access-log middleware sends it. */
  async pageView(): Promise<void> {
    this.publisher ??= createAccessLogPublisher({
      js: jetstream(this.stage.nc),
      onLoss: (lost) => {
        this.accepted.delete(lost.id);
        this.dropped.set(lost.id, Date.now());
      },
    });
    const taskId = randomUUID();
    const at = Date.now();
    const queued = this.publisher.publish(
      {
        resourceType: 'warehouse',
        resourceId: taskId.slice(0, 8),
        ipAddress: '203.0.113.7',
        path: `/warehouses/${taskId.slice(0, 8)}`,
        method: 'GET',
        statusCode: 200,
        responseTime: 12,
        occurredAt: new Date().toISOString(),
      },
      { taskId },
    );
    if (queued) this.accepted.set(taskId, at);
    else this.dropped.set(taskId, at);
  }
}

/**
 * Calls `fn` `ratePerSec` times a second for `durationMs` (or until `count` calls) without
 * waiting for each call (producers do not slow down because the system does), then waits
 * for the calls in flight. Returns how many calls were made.
 */
export async function paced(
  ratePerSec: number,
  durationMs: number,
  fn: () => Promise<unknown>,
  count = Number.POSITIVE_INFINITY,
): Promise<number> {
  const started = Date.now();
  const inFlight = new Set<Promise<unknown>>();
  let sent = 0;
  while (sent < count && (Date.now() - started < durationMs || count !== Number.POSITIVE_INFINITY)) {
    const due = Math.min(count, Math.floor(((Date.now() - started) / 1000) * ratePerSec));
    for (; sent < due; sent++) {
      const p = fn().catch(() => {});
      inFlight.add(p);
      p.finally(() => inFlight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(inFlight);
  return sent;
}

/** Exactly `count` calls at `ratePerSec`. */
export function pacedCount(ratePerSec: number, count: number, fn: () => Promise<unknown>): Promise<number> {
  return paced(ratePerSec, 0, fn, count);
}
