import type { TaskInput, TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { TaskSubmitter } from '@repowiki/runtime';
import type { Logger } from 'pino';
import type { ScheduleEntry } from '../schedule/schedule-entry.schema.js';
import { nextSlotAfter, slotAtOrBefore, slotsBetween } from '../schedule/slots.js';
import { fireTaskId } from '../schedule/task-id.js';
import { claimFire, type FireKind, lastFiredSlots, markPublished, republishStale } from './fire-store.js';

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

  /** Stops the loop and waits for a wake-up in progress (its claims are published or left for re-publish). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.wake;
  }

  state(now = Date.now()): EntryState[] {
    return this.options.entries.map((entry) => ({
      entry,
      lastSlot: this.last.get(entry.name),
      nextFireAt: nextSlotAfter(entry, Math.max(now, this.last.get(entry.name) ?? now)),
    }));
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

  /** Claims the slot; the winner publishes. Errors are logged, never thrown: the loop goes on. */
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
      await this.publish(entry.subject, entry.payload, taskId);
      await markPublished(sql, entry.name, slot);
      log.info('schedule fired');
    } catch (e) {
      // A claimed but unpublished fire is picked up by republish() on some replica.
      log.error({ err: e }, 'schedule fire failed');
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
