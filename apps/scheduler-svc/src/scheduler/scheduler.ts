import type { TaskInput, TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { TaskSubmitter } from '@repowiki/runtime';
import type { Logger } from 'pino';
import type { ScheduleEntry } from '../schedule/schedule-entry.schema.js';
import { nextSlotAfter, slotAtOrBefore, slotsBetween } from '../schedule/slots.js';
import { fireTaskId } from '../schedule/task-id.js';
import {
  claimFire,
  type FireKind,
  lastFiredSlots,
  markPublished,
  republishStale,
  slotText,
} from './fire-store.js';

export interface SchedulerOptions {
  entries: readonly ScheduleEntry[];
  /** The runtime's TaskClient: writes the ledger row, then publishes with Nats-Msg-Id = task id. */
  submitter: TaskSubmitter;
  db: DbClient;
  logger: Logger;
  /** Shown in `schedule_fires.fired_by` and `tasks schedule history`. */
  replicaId: string;
  /** Longest sleep between two looks at the clock. @default 1_000 (1 s) */
  maxSleepMs?: number;
  /** A fire claimed but unpublished for this long is re-published by any replica. @default 30_000 (30 s) */
  republishAfterMs?: number;
  /** How often to look for such fires. @default 5_000 (5 s) */
  republishEveryMs?: number;
  /** Slots fired in one wake-up when the process stalled across several. @default 5 */
  maxSlotsPerWake?: number;
  /** First wait before a fire whose publish failed is tried again, doubled up to 5 s. @default 500 */
  retryPublishMs?: number;
}

export interface TriggerOutcome {
  entry: ScheduleEntry;
  taskId: string;
  /** The stored slot (the request time, half a millisecond on). */
  slot: string;
  /** false: this request had fired already (a repeated request, or another replica). */
  created: boolean;
}

export interface EntryState {
  readonly entry: ScheduleEntry;
  /** Newest slot this replica has dealt with (fired, lost to another replica, or skipped). */
  readonly lastSlot: number | undefined;
  readonly nextFireAt: number;
}

/**
 * The beat. Every replica runs the same loop: at each slot it tries to claim
 * `(entry, slot)` in `schedule_fires`; exactly one replica wins and publishes the task.
 *
 * Missed slots: a slot that came due before this replica started, and that no other
 * replica fired, was missed. At start-up a `catch-up` entry fires the most recent such
 * slot once (older ones are coalesced into it, like Celery beat); a `skip` entry does not.
 * An entry that never fired has missed nothing.
 */
export class Scheduler {
  private readonly last = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private wake: Promise<void> = Promise.resolve();
  private startTime = 0;
  private lastRepublishAt = 0;
  /** Publishes of won fires still being tried (an outage must not hold up the beat). */
  private readonly publishing = new Set<Promise<void>>();

  constructor(private readonly options: SchedulerOptions) {}

  /** When start() was called (epoch ms): slots before it were missed by this replica. */
  get startedAt(): number {
    return this.startTime;
  }

  get entries(): readonly ScheduleEntry[] {
    return this.options.entries;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.startTime = Date.now();
    const { sql } = this.options.db;
    const fired = await lastFiredSlots(
      sql,
      this.options.entries.map((e) => e.name),
    );
    for (const entry of this.options.entries) {
      const lastFired = fired.get(entry.name);
      // Slots at or after startedAt came due while this replica was alive: they are on time.
      const missed = slotAtOrBefore(entry, this.startTime - 1);
      if (lastFired !== undefined && missed > lastFired && entry.missed === 'catch-up') {
        await this.fire(entry, missed, 'catch-up');
      } else if (lastFired !== undefined && missed > lastFired) {
        this.options.logger.info(
          { entry: entry.name, slot: new Date(missed).toISOString() },
          'missed slot skipped',
        );
      }
      this.last.set(entry.name, Math.max(lastFired ?? missed, missed));
    }
    this.options.logger.info(
      { entries: this.options.entries.length, replicaId: this.options.replicaId },
      'scheduler started',
    );
    this.schedule();
  }

  /**
   * Stops the loop and waits for a wake-up in progress and for publishes being tried: each
   * ends after its current attempt (bounded by the TaskClient's confirm timeout); a fire left
   * unpublished is re-published by a replica.
   */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.wake;
    await Promise.all(this.publishing);
  }

  state(now = Date.now()): EntryState[] {
    return this.options.entries.map((entry) => ({
      entry,
      lastSlot: this.last.get(entry.name),
      nextFireAt: nextSlotAfter(entry, Math.max(now, this.last.get(entry.name) ?? now)),
    }));
  }

  /**
   * Fires `name` once for the request made at `requestedAt` (`tasks schedule trigger`),
   * paused or not. The fire is claimed like a slot (`manual`, at the request time) and its
   * task id derives from entry and request time: a request handled twice — repeated by the
   * CLI, or answered by two replicas — records one fire and submits one task. Whoever handles
   * it publishes (same id, so a repeat is dropped): a handler that died before its publish
   * leaves nothing unsent. Resolves undefined for an entry this replica does not have.
   */
  async trigger(name: string, requestedAt: number): Promise<TriggerOutcome | undefined> {
    const entry = this.options.entries.find((e) => e.name === name);
    if (!entry) return undefined;
    const { sql } = this.options.db;
    const taskId = fireTaskId(`${entry.name}\0manual`, requestedAt);
    const created = await claimFire(sql, {
      entry: entry.name,
      slot: requestedAt,
      taskId,
      subject: entry.subject,
      firedBy: this.options.replicaId,
      kind: 'manual',
    });
    await this.publish(entry.subject, entry.payload, taskId);
    await markPublished(sql, entry.name, requestedAt, 'manual');
    this.options.logger.info({ entry: entry.name, taskId, created }, 'schedule triggered');
    return { entry, taskId, slot: slotText({ slot: requestedAt, kind: 'manual' }), created };
  }

  private schedule(): void {
    if (!this.running) return;
    const now = Date.now();
    const next = Math.min(...this.options.entries.map((e) => nextSlotAfter(e, now)));
    const delay = Math.max(0, Math.min(next - now, this.options.maxSleepMs ?? 1_000));
    this.timer = setTimeout(() => {
      this.wake = this.tick().finally(() => this.schedule());
    }, delay);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    for (const entry of this.options.entries) {
      if (!this.running) return;
      const after = this.last.get(entry.name) ?? this.startTime - 1;
      // Several slots are due only after a stall (event loop, GC, suspended VM).
      const due = slotsBetween(entry, after, now, this.options.maxSlotsPerWake ?? 5);
      for (const slot of due) {
        await this.fire(entry, slot, 'on-time');
        this.last.set(entry.name, slot);
      }
    }
    if (now - this.lastRepublishAt >= (this.options.republishEveryMs ?? 5_000)) {
      this.lastRepublishAt = now;
      await this.republish();
    }
  }

  /**
   * Claims the slot; the winner publishes, in the background: a fire whose publish fails (NATS
   * down, no PubAck) is tried again with the same task id until it is published, while the beat
   * goes on firing other slots. Errors are logged, never thrown.
   */
  private async fire(entry: ScheduleEntry, slot: number, kind: FireKind): Promise<void> {
    const { sql } = this.options.db;
    const taskId = fireTaskId(entry.name, slot);
    const log = this.options.logger.child({
      entry: entry.name,
      slot: new Date(slot).toISOString(),
      taskId,
      kind,
    });
    try {
      const won = await claimFire(sql, {
        entry: entry.name,
        slot,
        taskId,
        subject: entry.subject,
        firedBy: this.options.replicaId,
        kind,
      });
      if (!won) return;
    } catch (e) {
      // Nothing claimed: the slot is free for another replica (or this one's next look).
      log.error({ err: e }, 'schedule claim failed');
      return;
    }
    const publishing = this.publishUntilDone(entry, slot, taskId, log);
    this.publishing.add(publishing);
    void publishing.finally(() => this.publishing.delete(publishing));
  }

  /** MUST run until the fire is published or the scheduler stops (then republish() takes over). */
  private async publishUntilDone(
    entry: ScheduleEntry,
    slot: number,
    taskId: string,
    log: Logger,
  ): Promise<void> {
    for (let waitMs = this.options.retryPublishMs ?? 500; ; waitMs = Math.min(waitMs * 2, 5_000)) {
      try {
        await this.publish(entry.subject, entry.payload, taskId);
        await markPublished(this.options.db.sql, entry.name, slot);
        log.info('schedule fired');
        return;
      } catch (e) {
        log.warn({ err: e, retryInMs: waitMs }, 'schedule fire not published yet');
      }
      if (!this.running) return;
      await new Promise((r) => setTimeout(r, waitMs));
      if (!this.running) return;
    }
  }

  private async republish(): Promise<void> {
    const byName = new Map(this.options.entries.map((e) => [e.name, e]));
    try {
      // Only entries still configured: their payload is known.
      const n = await republishStale(
        this.options.db.sql,
        [...byName.keys()],
        this.options.republishAfterMs ?? 30_000,
        20,
        async (fire) => {
          const payload = byName.get(fire.entry)?.payload ?? {};
          await this.publish(fire.subject as TaskSubject, payload, fire.taskId);
        },
      );
      if (n > 0) this.options.logger.warn({ fires: n }, 'unpublished schedule fires re-published');
    } catch (e) {
      this.options.logger.error({ err: e }, 'schedule re-publish failed');
    }
  }

  private async publish(
    subject: TaskSubject,
    payload: Record<string, unknown>,
    taskId: string,
  ): Promise<void> {
    await this.options.submitter.submit(subject, payload as TaskInput<TaskSubject>, { taskId });
  }
}
