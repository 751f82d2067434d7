import { CronExpressionParser } from 'cron-parser';
import type { ScheduleEntry } from './schedule-entry.schema.js';

/**
 * A slot is the instant an entry is due, in epoch ms. Every replica computes the same
 * slots from the entry alone (intervals are aligned to the Unix epoch, crons to their
 * zone), so `(entry, slot)` names one fire cluster-wide without any coordination.
 */

type Trigger = Pick<ScheduleEntry, 'everySeconds' | 'cron' | 'timezone'>;

/** The latest slot at or before `t`. */
export function slotAtOrBefore(entry: Trigger, t: number): number {
  if (entry.everySeconds !== undefined) {
    const ms = entry.everySeconds * 1000;
    return Math.floor(t / ms) * ms;
  }
  // cron-parser's prev() is strictly before currentDate; +1 ms makes it inclusive.
  return cron(entry, t + 1)
    .prev()
    .getTime();
}

/** The first slot strictly after `t`. */
export function nextSlotAfter(entry: Trigger, t: number): number {
  if (entry.everySeconds !== undefined) {
    const ms = entry.everySeconds * 1000;
    return (Math.floor(t / ms) + 1) * ms;
  }
  return cron(entry, t).next().getTime();
}

/** Slots in `(after, until]`, ascending, at most the `limit` most recent ones. */
export function slotsBetween(entry: Trigger, after: number, until: number, limit: number): number[] {
  const slots: number[] = [];
  let slot = slotAtOrBefore(entry, until);
  while (slot > after && slots.length < limit) {
    slots.push(slot);
    slot = slotAtOrBefore(entry, slot - 1);
  }
  return slots.reverse();
}

function cron(entry: Trigger, currentDate: number) {
  if (entry.cron === undefined) throw new Error('entry has neither everySeconds nor cron');
  return CronExpressionParser.parse(entry.cron, { currentDate: new Date(currentDate), tz: entry.timezone });
}
