import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type LiveEvent, TaskProgressSchema } from '@repowiki/contracts';
import { ROOT_LOGGER } from '@repowiki/runtime';
import { openTaskEvents, type TaskEventView } from '@repowiki/runtime/ops';
import type { Logger } from 'pino';
import { System } from '../system.js';

export interface SequencedEvent {
  /** EVENTS stream sequence: the SSE `id`, so a reconnecting browser says where it was. */
  seq: number;
  event: LiveEvent;
}

/** Events kept for browsers that reconnect (`Last-Event-ID`). @default 2_000 */
const RING_SIZE = 2_000;
/** Pause before following EVENTS again after the consumer ended (no stream yet, NATS down). @default 2_000 (2 s) */
const RESTART_MS = 2_000;

/**
 * One ordered consumer on the EVENTS stream per console process (task outcomes and progress),
 * fanned out to every open `/api/live` stream. The ordered consumer resumes after a NATS
 * reconnect from the sequence it had, so no event is skipped; the newest RING_SIZE are kept
 * for browsers that reconnect with `Last-Event-ID`. A browser further behind gets `reset`
 * and reloads what it shows.
 */
@Injectable()
export class LiveFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly ring: SequencedEvent[] = [];
  private readonly listeners = new Set<(e: SequencedEvent) => void>();
  private readonly stop = new AbortController();
  private following: Promise<void> | undefined;

  constructor(
    @Inject(System) private readonly system: System,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.following = this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.following;
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe. */
  subscribe(listener: (e: SequencedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `seq`, or undefined when the ring no longer reaches back that far. */
  since(seq: number): SequencedEvent[] | undefined {
    const first = this.ring[0];
    if (!first || seq >= (this.ring.at(-1)?.seq ?? 0)) return [];
    if (seq < first.seq - 1) return undefined;
    return this.ring.filter((e) => e.seq > seq);
  }

  private async follow(): Promise<void> {
    const { signal } = this.stop;
    let lastProblem = '';
    while (!signal.aborted) {
      try {
        const events = await openTaskEvents(this.system.nc, this.system.topology, { follow: true, signal });
        lastProblem = '';
        for await (const e of events) this.publish(e);
      } catch (e: unknown) {
        // Logged once per kind of failure: a missing EVENTS stream waits for the first worker.
        const problem = String((e as Error)?.message ?? e);
        if (!signal.aborted && problem !== lastProblem)
          this.logger.warn({ err: e }, 'live feed: cannot follow EVENTS, retrying');
        lastProblem = problem;
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, RESTART_MS));
    }
  }

  private publish(e: TaskEventView): void {
    if (!e.taskId || !['succeeded', 'failed', 'progress'].includes(e.outcome)) return;
    // Progress as published by a worker; anything else on the subject is left out, not passed on.
    const progress =
      e.outcome === 'progress'
        ? TaskProgressSchema.safeParse((e.data as { progress?: unknown } | null)?.progress).data
        : undefined;
    const [, queue = ''] = e.task.split('.');
    const event: LiveEvent = {
      kind: 'task',
      outcome: e.outcome as 'succeeded' | 'failed' | 'progress',
      taskId: e.taskId,
      task: e.task,
      queue,
      ...(progress ? { progress } : {}),
      at: e.time.toISOString(),
    };
    const sequenced = { seq: e.seq, event };
    this.ring.push(sequenced);
    if (this.ring.length > RING_SIZE) this.ring.shift();
    for (const listener of this.listeners) listener(sequenced);
  }
}
