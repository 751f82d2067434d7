import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';

/**
 * DLQ entries per original message (`<stream>:<seq>` from the Dlq-Stream and
 * Dlq-Stream-Seq headers), read with an ordered, headers-only consumer.
 */
export async function dlqEntries(nc: NatsConnection, dlqStream: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(dlqStream);
  const last = info.state.last_seq;
  if (info.state.messages === 0) return counts;
  const consumer = await jetstream(nc).consumers.get(dlqStream, {
    headers_only: true,
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume();
  for await (const m of messages) {
    const key = `${m.headers?.get(HEADERS.dlqStream)}:${m.headers?.get(HEADERS.dlqStreamSeq)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (m.seq >= last) break;
  }
  await messages.close();
  return counts;
}

/** Messages still stored in the work-queue streams (acked ones leave them). */
export async function workQueueDepth(nc: NatsConnection, streams: readonly string[]): Promise<number> {
  const jsm = await jetstreamManager(nc);
  let n = 0;
  for (const s of streams) n += (await jsm.streams.info(s)).state.messages;
  return n;
}
