import { Controller, type Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DomainEvent, DomainEventSubject } from '@repowiki/contracts';
import type { EventContext } from '../events/domain-event-consumer.js';
import type { HandlerEnvelope } from './task-controller.js';

export type DomainEventHandlers = {
  readonly [E in DomainEventSubject]?: (event: DomainEvent<E>, ctx: EventContext) => Promise<void>;
};

/**
 * A Nest controller whose `@EventPattern('events.…')` methods the JetStream transport
 * serves from durable consumers on the EVENTS stream.
 *
 *   controllers: [createEventController({ 'events.warehouse.completed': onWarehouseCompleted })]
 */
export function createEventController(handlers: DomainEventHandlers): Type<unknown> {
  class EventsController {}
  const proto = EventsController.prototype as unknown as Record<string, unknown>;
  for (const [subject, handler] of Object.entries(handlers)) {
    if (!handler) continue;
    const key = `on_${subject.replaceAll('.', '_')}`;
    proto[key] = async (payload: unknown, ctx: EventContext): Promise<HandlerEnvelope> => {
      try {
        return {
          ok: true,
          value: await (handler as (e: unknown, c: EventContext) => Promise<void>)(payload, ctx),
        };
      } catch (error) {
        return { ok: false, error };
      }
    };
    const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
    EventPattern(subject)(proto, key, descriptor);
    Payload()(proto, key, 0);
    Ctx()(proto, key, 1);
  }
  Controller()(EventsController);
  return EventsController;
}
