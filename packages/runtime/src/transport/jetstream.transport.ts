import type { NatsConnection } from '@nats-io/nats-core';
import type { Service } from '@nats-io/services';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { type Queue, tasksOfQueue } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { TaskMetrics } from '../metrics.js';
import { registerMicroService } from '../micro/register-service.js';
import { Topology } from '../nats/topology.js';
import { TaskWorker } from '../worker/task-worker.js';
import type { RuntimeHandler } from '../worker/worker-deps.js';
import { type HandlerEnvelope, THREAD_HANDLERS } from './task-controller.js';

export interface JetStreamTransportOptions {
  /** Service name, e.g. `warehouse-svc`: micro-service name, worker id prefix, metrics label. */
  serviceName: string;
  version: string;
  /** Queue this service consumes; omitted for services that only publish (scheduler). */
  queue?: Queue;
  nc: NatsConnection;
  db: DbClient;
  logger: Logger;
  metrics: Registry;
  /** Tasks run at once by this replica. @default 4 */
  concurrency?: number;
  /** TASK_MAX_SIZE_PER_USER, across all replicas. @default 5 */
  maxPerUser?: number;
  /** Default time limits (TASK_SOFT_TIME_LIMIT / TASK_TIME_LIMIT) for tasks without their own, ms. */
  softTimeLimitMs?: number;
  hardTimeLimitMs?: number;
  /** SIGTERM grace period for in-flight tasks. @default 30_000 */
  shutdownGraceMs?: number;
  /** Prefix of every subject and stream (isolated environments on one NATS account). @default '' */
  namespace?: string;
}

/**
 * NestJS CustomTransportStrategy over JetStream pull consumers. Nest discovers the
 * `@EventPattern` handlers (see createTaskController); this strategy hands them to a
 * TaskWorker, registers the micro service, and drains on close.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private worker: TaskWorker | undefined;
  private micro: Service | undefined;

  constructor(readonly options: JetStreamTransportOptions) {
    super();
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (e: unknown) => callback(e),
    );
  }

  private async start(): Promise<void> {
    const { options } = this;
    if (options.queue) {
      const handlers: Record<string, RuntimeHandler> = {};
      for (const [pattern, handler] of this.getHandlers()) {
        const thread = THREAD_HANDLERS.get(pattern);
        handlers[pattern] =
          thread ??
          (async (payload: unknown, ctx: unknown) => {
            const out = (await lastValueFrom(this.transformToObservable(await handler(payload, ctx)))) as HandlerEnvelope;
            if (!out.ok) throw out.error;
            return out.value;
          });
      }
      const missing = tasksOfQueue(options.queue)
        .map((t) => t.subject)
        .filter((s) => !(s in handlers));
      if (missing.length > 0) throw new Error(`no handler registered for: ${missing.join(', ')}`);
      this.worker = new TaskWorker({
        nc: options.nc,
        db: options.db,
        queue: options.queue,
        handlers,
        serviceName: options.serviceName,
        logger: options.logger,
        metrics: new TaskMetrics(options.metrics),
        concurrency: options.concurrency,
        maxPerUser: options.maxPerUser,
        softTimeLimitMs: options.softTimeLimitMs,
        hardTimeLimitMs: options.hardTimeLimitMs,
        namespace: options.namespace,
      });
      await this.worker.start();
    }
    this.micro = await registerMicroService({
      nc: options.nc,
      topology: new Topology(options.namespace),
      name: options.serviceName,
      version: options.version,
      description: options.queue ? `repowiki ${options.queue} worker` : 'repowiki service',
      logger: options.logger,
      source: this.worker,
      queue: options.queue,
    });
    options.logger.info(
      { queue: options.queue ?? null, tasks: this.worker?.subjects ?? [], workerId: this.worker?.workerId },
      'task transport listening',
    );
  }

  /** Stops pulling, lets in-flight tasks finish within the grace period, deregisters. */
  async close(): Promise<void> {
    await this.worker?.stop(this.options.shutdownGraceMs ?? 30_000);
    await this.micro?.stop().catch(() => {});
  }

  on(): never {
    throw new Error('JetStreamTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.options.nc as T;
  }
}
