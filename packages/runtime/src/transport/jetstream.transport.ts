import type { NatsConnection } from '@nats-io/nats-core';
import type { Service } from '@nats-io/services';
import { DOMAIN_EVENTS, type DomainEventSubject, type Queue, tasksOfQueue } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { TaskClient } from '../client/task-client.js';
import { DomainEventConsumer, type DomainEventHandler } from '../events/domain-event-consumer.js';
import type { DomainEventHandlers } from '../events/domain-event-handlers.js';
import { TaskMetrics } from '../metrics.js';
import { registerMicroService } from '../micro/register-service.js';
import { Topology } from '../nats/topology.js';
import { QueueGauges } from '../queue-gauges.js';
import type { ReadinessChecks } from '../service/readiness-checks.js';
import { TaskWorker } from '../worker/task-worker.js';
import type { RuntimeHandler } from '../worker/worker-deps.js';

export interface JetStreamTransportOptions {
  /** Service name, e.g. `warehouse-svc`: micro-service name, worker id prefix, metrics label. */
  serviceName: string;
  version: string;
  /** Queue this service consumes; omitted for services that only publish (scheduler). */
  queue?: Queue;
  /**
   * Catalog subject → handler for every task of `queue` (an app's `defineHandlers(…)` map:
   * plain functions, batch functions or `threadHandler()` refs), handed to the TaskWorker as
   * they are. A task of the queue without one stops start-up.
   */
  handlers?: Readonly<Record<string, RuntimeHandler>>;
  /** Domain events this service reacts to: one durable EVENTS consumer each. */
  events?: DomainEventHandlers;
  nc: NatsConnection;
  db: DbClient;
  logger: Logger;
  metrics: Registry;
  /** Tasks run at once by this replica. @default 4 */
  concurrency?: number;
  /** TASK_ACK_WAIT_MS: redelivery of a silent (crashed) worker's tasks. @default DEFAULT_ACK_WAIT_MS (6 s) */
  ackWaitMs?: number;
  /** TASK_MAX_SIZE_PER_USER, across all replicas. @default 5 */
  maxPerUser?: number;
  /** Default time limits (TASK_SOFT_TIME_LIMIT / TASK_TIME_LIMIT) for tasks without their own, ms. */
  softTimeLimitMs?: number;
  hardTimeLimitMs?: number;
  /** SIGTERM grace period for in-flight tasks. @default 30_000 */
  shutdownGraceMs?: number;
  /** Prefix of every subject and stream (isolated environments on one NATS account). @default '' */
  namespace?: string;
  /** Where the worker's readiness is registered as `consumer` (`/readyz` fails while it is missing). */
  readiness?: ReadinessChecks;
}

/**
 * The JetStream side of a service: the TaskWorker of its queue (fed the app's handler map
 * directly: a delivery goes worker → handler, with nothing in between), the durable
 * consumers of the domain events it reacts to, the queue gauges on /metrics and the NATS
 * micro-service registration. `close()` drains in-flight tasks within the grace period.
 * Nest is not involved: it serves HTTP (health, metrics) and DI only.
 */
export class JetStreamTransport {
  private worker: TaskWorker | undefined;
  private micro: Service | undefined;
  private queueGauges: QueueGauges | undefined;
  private readonly eventConsumers: DomainEventConsumer[] = [];

  constructor(readonly options: JetStreamTransportOptions) {}

  async start(): Promise<void> {
    const { options } = this;
    const topology = new Topology(options.namespace);
    const client = new TaskClient({ nc: options.nc, db: options.db, namespace: options.namespace });
    for (const [subject, handler] of Object.entries(options.events ?? {})) {
      if (!handler) continue;
      if (!(subject in DOMAIN_EVENTS)) throw new Error(`${subject} is not a domain event of the contracts`);
      const consumer = new DomainEventConsumer({
        nc: options.nc,
        db: options.db,
        topology,
        serviceName: options.serviceName,
        subject: subject as DomainEventSubject,
        tasks: client,
        logger: options.logger,
        handler: handler as DomainEventHandler,
      });
      await consumer.start();
      this.eventConsumers.push(consumer);
    }
    if (options.queue) {
      const handlers = options.handlers ?? {};
      const missing = tasksOfQueue(options.queue)
        .map((t) => t.subject)
        .filter((s) => !handlers[s]);
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
        ackWaitMs: options.ackWaitMs,
        maxPerUser: options.maxPerUser,
        softTimeLimitMs: options.softTimeLimitMs,
        hardTimeLimitMs: options.hardTimeLimitMs,
        namespace: options.namespace,
      });
      await this.worker.start();
      const worker = this.worker;
      options.readiness?.register('consumer', () => worker.assertReady());
      // Queue depth, consumer lag and dead letters on /metrics.
      this.queueGauges = new QueueGauges({
        nc: options.nc,
        topology,
        queue: options.queue,
        registry: options.metrics,
        onError: (err) =>
          options.logger.warn(
            { err },
            'cannot read queue numbers from JetStream; /metrics keeps the last ones',
          ),
      });
      this.queueGauges.start();
    }
    this.micro = await registerMicroService({
      nc: options.nc,
      topology,
      name: options.serviceName,
      version: options.version,
      description: options.queue ? `repowiki ${options.queue} worker` : 'repowiki service',
      logger: options.logger,
      source: this.worker,
      queue: options.queue,
    });
    options.logger.info(
      {
        queue: options.queue ?? null,
        tasks: this.worker?.subjects ?? [],
        events: this.eventConsumers.map((c) => c.durableName),
        workerId: this.worker?.workerId,
      },
      'task transport listening',
    );
  }

  /**
   * Changes whenever the worker starts or finishes a task (finished + running), so two equal
   * reads mean no task work in between (the idle heap trim's signal). 0 without a queue.
   */
  activity(): number {
    const w = this.worker;
    if (!w) return 0;
    const c = w.counters;
    return (
      c.succeeded +
      c.failed +
      c.retried +
      c.deadLettered +
      c.revoked +
      c.skipped +
      c.throttled +
      w.active.size
    );
  }

  /** Stops pulling, lets in-flight tasks finish within the grace period, deregisters. */
  async close(): Promise<void> {
    await Promise.all(this.eventConsumers.map((c) => c.stop()));
    this.queueGauges?.close();
    await this.worker?.stop(this.options.shutdownGraceMs ?? 30_000);
    await this.micro?.stop().catch(() => {});
  }
}
