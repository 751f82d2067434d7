import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/nats-core';
import {
  DOMAIN_EVENTS,
  type DomainEventSubject,
  eventConsumerName,
  formatValidationError,
} from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { TaskSubmitter } from '../context.js';
import { toError } from '../errors.js';
import { ensureStreams } from '../nats/ensure-streams.js';
import type { Topology } from '../nats/topology.js';

export interface EventContext {
  readonly logger: Logger;
  readonly db: DbClient;
  readonly tasks: TaskSubmitter;
}

export type DomainEventHandler = (event: unknown, ctx: EventContext) => Promise<void>;

export interface DomainEventConsumerOptions {
  nc: NatsConnection;
  db: DbClient;
  topology: Topology;
  serviceName: string;
  subject: DomainEventSubject;
  handler: DomainEventHandler;
  tasks: TaskSubmitter;
  logger: Logger;
  /** Deliveries before an event is given up (then logged and terminated). @default 5 */
  maxDeliver?: number;
}

/**
 * Reacts to a domain event (e.g. minimap-svc to `events.warehouse.completed`) through a
 * durable consumer on the EVENTS stream, one per service and event: replicas share it, an
 * event is handled by one of them, acked after its handler, redelivered if it fails.
 * A new consumer starts with new events (no replay of history on first deploy).
 */
export class DomainEventConsumer {
  private messages: ConsumerMessages | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly o: DomainEventConsumerOptions) {}

  get durableName(): string {
    return eventConsumerName(this.o.serviceName, this.o.subject);
  }

  async start(): Promise<void> {
    const { o } = this;
    const jsm = await jetstreamManager(o.nc);
    const stream = o.topology.eventsStream;
    await ensureStreams(jsm, o.topology, [stream]);
    const config = {
      durable_name: this.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      filter_subject: o.topology.subject(o.subject),
      max_deliver: o.maxDeliver ?? 5,
      ack_wait: nanos(30_000),
      backoff: [nanos(1_000), nanos(5_000), nanos(30_000)],
    };
    await jsm.consumers.info(stream, this.durableName).catch(() => jsm.consumers.add(stream, config));
    const consumer = await jetstream(o.nc).consumers.get(stream, this.durableName);
    this.messages = await consumer.consume({ max_messages: 16 });
    const schema = DOMAIN_EVENTS[o.subject];
    const ctx: EventContext = { logger: o.logger.child({ event: o.subject }), db: o.db, tasks: o.tasks };
    this.running = (async () => {
      for await (const m of this.messages!) {
        let event: unknown;
        try {
          const parsed = schema.safeParse(m.json());
          if (!parsed.success) {
            ctx.logger.warn({ reason: formatValidationError(parsed.error) }, 'invalid event dropped');
            m.term('invalid event');
            continue;
          }
          event = parsed.data;
        } catch {
          ctx.logger.warn({}, 'undecodable event dropped');
          m.term('invalid json');
          continue;
        }
        try {
          await o.handler(event, ctx);
          m.ack();
        } catch (e) {
          const err = toError(e);
          ctx.logger.warn({ err, deliveries: m.info.deliveryCount }, 'event handler failed');
          m.nak();
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.messages?.stop();
    await this.running;
  }
}
