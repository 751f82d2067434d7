import type { NatsConnection } from '@nats-io/nats-core';
import {
  SCHEDULER_ENTRIES_SUBJECT,
  type ScheduleEntriesReply,
  ScheduleEntriesReplySchema,
} from '@repowiki/contracts';
import type { Topology } from '../nats/topology.js';

/** The entries as a running scheduler replica sees them; undefined when none answers. */
export async function fetchScheduleEntries(
  nc: NatsConnection,
  topology: Topology,
  timeoutMs: number,
): Promise<ScheduleEntriesReply | undefined> {
  try {
    const msg = await nc.request(`${topology.subjectPrefix}${SCHEDULER_ENTRIES_SUBJECT}`, '', {
      timeout: timeoutMs,
    });
    return ScheduleEntriesReplySchema.parse(msg.json());
  } catch (e: unknown) {
    if (/no responders|timeout/i.test(String((e as Error)?.message))) return undefined;
    throw e;
  }
}

export function triggerOf(e: {
  everySeconds?: number | undefined;
  cron?: string | undefined;
  timezone: string;
}): string {
  return e.everySeconds !== undefined ? `every ${e.everySeconds}s` : `cron ${e.cron} (${e.timezone})`;
}
