import type { DomainEvent, DomainEventSubject } from '@repowiki/contracts';
import type { EventContext } from './domain-event-consumer.js';

/**
 * The domain events a service reacts to, each a plain function over the event (validated
 * against its contract schema) and a context bag. Each one gets a durable consumer on the
 * EVENTS stream (DomainEventConsumer).
 *
 *   events: { 'events.warehouse.completed': onWarehouseCompleted }
 */
export type DomainEventHandlers = {
  readonly [E in DomainEventSubject]?: (event: DomainEvent<E>, ctx: EventContext) => Promise<void>;
};
