import { Controller, type Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type Queue, tasksOfQueue } from '@repowiki/contracts';
import type { QueueHandlers } from '../context.js';
import type { ThreadHandlerRef } from '../worker/thread-pool.js';

/**
 * What a Nest handler returns to the transport. Nest's RPC exception layer would turn a
 * thrown NonRetriableError into a generic `{ status: 'error' }`, losing the retry policy,
 * so the generated methods catch and hand the original error over.
 */
export type HandlerEnvelope = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Thread-isolated handlers cannot travel through Nest's call chain: the transport looks them up here. */
export const THREAD_HANDLERS = new Map<string, ThreadHandlerRef>();

function isThreadRef(h: unknown): h is ThreadHandlerRef {
  return typeof h === 'object' && h !== null && (h as ThreadHandlerRef).kind === 'thread';
}

/**
 * A Nest controller with one `@EventPattern(subject)` method per task of the queue, each a
 * one-line adapter to the plain handler function. The handler map is typed over the
 * queue's slice of the catalog, so a task without a handler does not compile.
 *
 *   @Module({ controllers: [createTaskController('warehouse', handlers)] })
 */
export function createTaskController<Q extends Queue>(queue: Q, handlers: QueueHandlers<Q>): Type<unknown> {
  class TasksController {}
  const proto = TasksController.prototype as unknown as Record<string, unknown>;
  for (const task of tasksOfQueue(queue)) {
    const handler = (handlers as Record<string, unknown>)[task.subject];
    if (!handler) throw new Error(`no handler for ${task.subject}`);
    if (isThreadRef(handler)) THREAD_HANDLERS.set(task.subject, handler);
    const fn = handler as (payload: unknown, ctx: unknown) => Promise<unknown>;
    const key = task.name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    proto[key] = async (payload: unknown, ctx: unknown): Promise<HandlerEnvelope> => {
      try {
        if (isThreadRef(handler))
          throw new Error(`${task.subject} runs in a worker thread, not through Nest`);
        return { ok: true, value: await fn(payload, ctx) };
      } catch (error) {
        return { ok: false, error };
      }
    };
    const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
    EventPattern(task.subject)(proto, key, descriptor);
    Payload()(proto, key, 0);
    Ctx()(proto, key, 1);
  }
  Object.defineProperty(TasksController, 'name', {
    value: `${queue[0]!.toUpperCase()}${queue.slice(1)}TasksController`,
  });
  Controller()(TasksController);
  return TasksController;
}
