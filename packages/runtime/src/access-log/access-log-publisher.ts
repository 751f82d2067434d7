import type { JetStreamClient } from '@nats-io/jetstream';
import { PublishBuffer } from '../nats/publish-buffer.js';
import { type AccessEntryInput, type AccessLogMessage, accessLogMessage } from './publish-access-log.js';

export interface AccessLogPublisherOptions {
  js: JetStreamClient;
  /** NATS_NAMESPACE of the services. @default '' */
  namespace?: string;
  /** Entries held while NATS is unreachable before new ones are dropped. @default 10_000 */
  capacity?: number;
  /** PubAck wait of one send, ms; a timed-out entry is re-sent with the same id. @default 5_000 */
  timeoutMs?: number;
  /** An entry was lost: the buffer was full, or the server refused it for good. Never rethrown. */
  onLoss?(entry: AccessLogMessage, reason: 'buffer_full' | 'refused', error?: unknown): void;
}

/** Buffered, at-least-once (de-duplicated by id) access-log publishing for the web tier. */
export interface AccessLogPublisher {
  /**
   * Validates and queues an entry; returns its task id at once (undefined when the buffer is
   * full: the entry is dropped and counted). Never waits for NATS.
   * @throws InvalidPayloadError when the entry fails the catalog schema
   */
  publish(entry: AccessEntryInput, options?: { taskId?: string }): string | undefined;
  /** Entries dropped because the buffer was full (or closed). */
  readonly dropped: number;
  /** Entries the server refused for good (not retried). */
  readonly failed: number;
  /** Entries held, waiting for their PubAck. */
  readonly pending: number;
  /** Waits until every held entry is acknowledged or `timeoutMs` passes; true when drained. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Stops accepting, drains within `timeoutMs`, returns how many were left unpublished. */
  close(timeoutMs?: number): Promise<number>;
}

/**
 * Access-log entries survive a NATS restart: each waits in a bounded buffer and is re-sent with
 * the SAME `Nats-Msg-Id` until the stream acknowledges it (the duplicate window and the
 * unique `message_id` drop a copy that had landed). Only a full buffer loses entries, and
 * those are counted (`dropped`). Call `close()` on shutdown.
 */
export function createAccessLogPublisher(options: AccessLogPublisherOptions): AccessLogPublisher {
  const timeout = options.timeoutMs ?? 5_000;
  const buffer = new PublishBuffer<AccessLogMessage>({
    send: (m) => options.js.publish(m.subject, m.data, { msgID: m.msgId, headers: m.headers, timeout }),
    capacity: options.capacity ?? 10_000,
    ...(options.onLoss ? { onLoss: options.onLoss } : {}),
  });
  return {
    publish(entry, publishOptions = {}) {
      const m = accessLogMessage(entry, { ...publishOptions, namespace: options.namespace ?? '' });
      // A refusal is reported through onLoss and counted; the promise itself is not needed here.
      const acked = buffer.offer(m);
      if (!acked) return undefined;
      acked.catch(() => {});
      return m.msgId;
    },
    get dropped() {
      return buffer.dropped;
    },
    get failed() {
      return buffer.failed;
    },
    get pending() {
      return buffer.pending;
    },
    flush: (timeoutMs) => buffer.flush(timeoutMs),
    close: (timeoutMs) => buffer.close(timeoutMs),
  };
}
