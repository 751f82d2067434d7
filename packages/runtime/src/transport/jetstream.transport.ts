// STUB: being implemented (runtime core). The constructor options and lifecycle are the contract.
import type { NatsConnection } from '@nats-io/nats-core';
import type { Queue } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

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
  /** Overrides of the catalog's time limits (TASK_SOFT_TIME_LIMIT / TASK_TIME_LIMIT), ms. */
  softTimeLimitMs?: number;
  hardTimeLimitMs?: number;
  /** SIGTERM grace period for in-flight tasks. @default 30_000 */
  shutdownGraceMs?: number;
  /** Prefix of every subject and stream (isolated environments on one NATS account). @default '' */
  namespace?: string;
}

/** NestJS CustomTransportStrategy over JetStream pull consumers. */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  constructor(readonly options: JetStreamTransportOptions) {
    super();
  }

  listen(callback: (err?: unknown) => void): void {
    callback();
  }

  async close(): Promise<void> {}

  on(): never {
    throw new Error('JetStreamTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.options.nc as T;
  }
}
