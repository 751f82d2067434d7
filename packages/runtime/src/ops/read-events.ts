import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Topology } from '../nats/topology.js';

/** One task event from the EVENTS stream (`events.<queue>.<task>.<outcome>`). */
export interface TaskEventView {
  /** EVENTS stream sequence. */
  seq: number;
  time: Date;
  /** Catalog subject of the task, e.g. `tasks.minimap.validate`. */
  task: string;
  /** `succeeded`, `failed` or `progress`. */
  outcome: string;
  taskId: string | null;
  attempts: number | null;
  workerId: string | null;
  /** The event as published (JSON), or its text when it is not JSON. */
  data: unknown;
}

export interface ReadEventsOptions {
  /** Only this task (catalog subject). */
  task?: string | undefined;
  /** Only this run. Filtered here: event subjects carry no task id. */
  taskId?: string | undefined;
  /** From this time; without it, a follow starts with new events and a read with all. */
  since?: Date | undefined;
  /** Keep reading new events until `signal` aborts; otherwise stop at the stream's end. */
  follow: boolean;
  signal?: AbortSignal | undefined;
  /** A read stops after this many events were looked at. @default Infinity */
  maxScan?: number | undefined;
}

/**
 * Task events (succeeded, failed, progress) from the EVENTS stream, oldest first, through an
 * ordered consumer (ephemeral, server-side filter, removed by the server once idle). Domain
 * events (`events.warehouse.completed`, three tokens) are not task events and never match.
 * The consumer exists once this resolves: a follow sees every event published after that.
 */
export async function openTaskEvents(
  nc: NatsConnection,
  topology: Topology,
  options: ReadEventsOptions,
): Promise<AsyncIterable<TaskEventView>> {
  const [, queue, name] = options.task?.split('.') ?? [];
  const filter = topology.subject(queue && name ? `events.${queue}.${name}.*` : 'events.*.*.*');
  const js = jetstream(nc);
  const consumer = await js.consumers.get(topology.eventsStream, {
    filter_subjects: filter,
    ...(options.since
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: options.since.toISOString() }
      : { deliver_policy: options.follow ? DeliverPolicy.New : DeliverPolicy.All }),
  });
  const view = (m: { seq: number; subject: string; time: Date; string(): string }) => {
    const [, q = '', t = '', outcome = ''] = (topology.catalogSubject(m.subject) ?? m.subject).split('.');
    let data: unknown;
    try {
      data = JSON.parse(m.string());
    } catch {
      data = m.string();
    }
    const e = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    return {
      seq: m.seq,
      time: m.time,
      task: `tasks.${q}.${t}`,
      outcome,
      taskId: typeof e.taskId === 'string' ? e.taskId : null,
      attempts: typeof e.attempts === 'number' ? e.attempts : null,
      workerId: typeof e.workerId === 'string' ? e.workerId : null,
      data,
    } satisfies TaskEventView;
  };
  const wanted = (e: TaskEventView) => !options.taskId || e.taskId === options.taskId;
  if (options.follow) {
    const messages = await consumer.consume();
    options.signal?.addEventListener('abort', () => void messages.stop(), { once: true });
    return (async function* () {
      for await (const m of messages) {
        const e = view(m);
        if (wanted(e)) yield e;
      }
    })();
  }
  return (async function* () {
    let scanned = 0;
    const max = options.maxScan ?? Number.POSITIVE_INFINITY;
    if ((await consumer.info()).num_pending === 0) return;
    for (;;) {
      let last = -1;
      let got = 0;
      for await (const m of await consumer.fetch({ max_messages: 500, expires: 2_000 })) {
        got++;
        scanned++;
        last = m.info.pending;
        const e = view(m);
        if (wanted(e)) yield e;
        if (last === 0 || scanned >= max) break;
      }
      if (got === 0 || last === 0 || scanned >= max || options.signal?.aborted) return;
    }
  })();
}
