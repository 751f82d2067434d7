import type { JetStreamManager } from '@nats-io/jetstream';
import { QUEUES } from '@repowiki/contracts';
import type { Topology } from '../nats/topology.js';

export interface QueueStats {
  /** A queue name, or `(dead letters)` for the DLQ. */
  queue: string;
  stream: string;
  exists: boolean;
  /** Messages stored: for a work queue, published and not yet acked. */
  messages: number;
  consumers: number;
  /** Delivered to a worker, not yet acked. */
  ackPending: number;
  redelivered: number;
  /** Not yet delivered to any consumer. */
  unprocessed: number;
}

/** Stream and consumer info of every task stream and the DLQ (`nats stream info`, `nats consumer info`). */
export async function queueStats(jsm: JetStreamManager, topology: Topology): Promise<QueueStats[]> {
  const targets = [
    ...QUEUES.map((q) => ({ queue: q as string, stream: topology.taskStream(q) })),
    { queue: '(dead letters)', stream: topology.dlqStream },
  ];
  return Promise.all(
    targets.map(async ({ queue, stream }) => {
      const row: QueueStats = {
        queue,
        stream,
        exists: false,
        messages: 0,
        consumers: 0,
        ackPending: 0,
        redelivered: 0,
        unprocessed: 0,
      };
      try {
        const info = await jsm.streams.info(stream);
        row.exists = true;
        row.messages = info.state.messages;
        row.consumers = info.state.consumer_count;
        for await (const c of jsm.consumers.list(stream)) {
          row.ackPending += c.num_ack_pending;
          row.redelivered += c.num_redelivered;
          row.unprocessed += c.num_pending;
        }
      } catch (e: unknown) {
        if (!/not found/i.test(String((e as Error)?.message))) throw e;
      }
      return row;
    }),
  );
}
