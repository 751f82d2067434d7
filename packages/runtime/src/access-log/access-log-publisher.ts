import type { JetStreamClient } from '@nats-io/jetstream';
import { ACCESS_LOG_MAX_ENTRIES, ACCESS_LOG_MAX_MESSAGE_BYTES, type AccessEntry } from '@repowiki/contracts';
import { PublishBuffer } from '../nats/publish-buffer.js';
import {
  type AccessEntryInput,
  type AccessLogItem,
  type AccessLogMessage,
  accessLogItem,
  accessLogMessage,
} from './publish-access-log.js';

export interface AccessLogPublisherOptions {
  js: JetStreamClient;
  /** NATS_NAMESPACE of the services. @default '' */
  namespace?: string;
  /** Entries held (collecting or waiting for their PubAck) before new ones are dropped. @default 10_000 */
  capacity?: number;
  /** PubAck wait of one send, ms; a timed-out message is re-sent with the same ids. @default 5_000 */
  timeoutMs?: number;
  /**
   * How long the first entry of a message waits for more before the message is sent. With the
   * consumer's own batching (≤ 50 ms) and its commit, a page view is stored well within a
   * second. @default 100 (ms)
   */
  lingerMs?: number;
  /** Entries per message at most. @default ACCESS_LOG_MAX_ENTRIES (500) */
  maxEntries?: number;
  /**
   * A message is sent before its JSON passes this many characters (UTF-16 units: even all
   * three-byte characters stay far below nats-server's 1 MiB max_payload).
   * @default ACCESS_LOG_MAX_MESSAGE_BYTES (262_144)
   */
  maxMessageChars?: number;
  /**
   * An entry was lost: the buffer was full (or closed), or the server refused its message for
   * good. Called once per entry; never rethrown.
   */
  onLoss?(lost: { id: string; entry: AccessEntry }, reason: 'buffer_full' | 'refused', error?: unknown): void;
}

/** Batched, buffered, at-least-once (de-duplicated by entry id) access-log publishing for the web tier. */
export interface AccessLogPublisher {
  /**
   * Validates an entry and adds it to the message being collected; returns its id at once
   * (undefined when the buffer is full: the entry is dropped and counted). Never waits for NATS.
   * @throws InvalidPayloadError when the entry fails the catalog schema
   */
  publish(entry: AccessEntryInput, options?: { taskId?: string }): string | undefined;
  /** Entries dropped because the buffer was full (or closed). */
  readonly dropped: number;
  /** Entries whose message the server refused for good (not retried). */
  readonly failed: number;
  /** Entries held: collecting, or waiting for their message's PubAck. */
  readonly pending: number;
  /** Sends what is collecting now, then waits until every held entry is acknowledged or `timeoutMs` passes; true when drained. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Stops accepting, drains within `timeoutMs`, returns how many entries were left unpublished. */
  close(timeoutMs?: number): Promise<number>;
}

/**
 * Access-log entries are collected into messages of up to `maxEntries` (or `lingerMs` after
 * the first, whichever comes first), each entry with its own id. A message waits in a bounded
 * buffer and is re-sent with the SAME message id and the SAME entry ids until the stream
 * acknowledges it (the duplicate window and the unique `message_id` per entry drop a copy that
 * had landed), so a NATS restart costs only latency. Only a full buffer loses entries, and
 * those are counted (`dropped`). Call `close()` on shutdown.
 */
export function createAccessLogPublisher(options: AccessLogPublisherOptions): AccessLogPublisher {
  const timeout = options.timeoutMs ?? 5_000;
  const capacity = options.capacity ?? 10_000;
  const lingerMs = options.lingerMs ?? 100;
  const maxEntries = Math.max(
    1,
    Math.min(options.maxEntries ?? ACCESS_LOG_MAX_ENTRIES, ACCESS_LOG_MAX_ENTRIES),
  );
  const maxChars = options.maxMessageChars ?? ACCESS_LOG_MAX_MESSAGE_BYTES;
  const namespace = options.namespace ?? '';
  let dropped = 0;
  let failed = 0;
  /** Entries in messages handed to the buffer and not yet acknowledged or lost. */
  let held = 0;
  let closed = false;
  let collecting: AccessLogItem[] = [];
  let collectingChars = 0;
  let linger: NodeJS.Timeout | undefined;

  const report = (item: AccessLogItem, reason: 'buffer_full' | 'refused', error?: unknown) => {
    try {
      options.onLoss?.({ id: item.id, entry: item.entry }, reason, error);
    } catch {
      /* a reporting callback must not break publishing */
    }
  };
  // The buffer's own bound is never reached (entries are bounded below): it counts messages.
  const buffer = new PublishBuffer<AccessLogMessage>({
    send: (m) => options.js.publish(m.subject, m.data, { msgID: m.msgId, headers: m.headers, timeout }),
    capacity: Number.MAX_SAFE_INTEGER,
    onLoss: (m, reason, error) => {
      if (reason === 'refused') failed += m.items.length;
      else dropped += m.items.length;
      for (const item of m.items) report(item, reason, error);
    },
  });

  /** Hands the message being collected to the buffer. */
  const send = () => {
    if (linger) clearTimeout(linger);
    linger = undefined;
    if (collecting.length === 0) return;
    const m = accessLogMessage(collecting, { namespace });
    collecting = [];
    collectingChars = 0;
    const n = m.items.length;
    held += n;
    const acked = buffer.offer(m);
    if (!acked) {
      held -= n;
      return;
    }
    // A refusal is reported through onLoss and counted; the promise itself is not needed.
    acked.then(
      () => {
        held -= n;
      },
      () => {
        held -= n;
      },
    );
  };

  return {
    publish(entry, publishOptions = {}) {
      const item = accessLogItem(entry, publishOptions.taskId);
      if (closed || collecting.length + held >= capacity) {
        dropped++;
        report(item, 'buffer_full');
        return undefined;
      }
      if (collecting.length > 0 && collectingChars + item.json.length + 1 > maxChars) send();
      collecting.push(item);
      collectingChars += item.json.length + 1;
      if (collecting.length >= maxEntries) send();
      else linger ??= setTimeout(send, lingerMs);
      return item.id;
    },
    get dropped() {
      return dropped;
    },
    get failed() {
      return failed;
    },
    get pending() {
      return collecting.length + held;
    },
    async flush(timeoutMs) {
      send();
      const drained = await buffer.flush(timeoutMs);
      // Let the acknowledged messages' bookkeeping (`held`) run before answering.
      await new Promise((r) => setImmediate(r));
      return drained && collecting.length + held === 0;
    },
    async close(timeoutMs) {
      closed = true;
      send();
      await buffer.close(timeoutMs);
      await new Promise((r) => setImmediate(r));
      return held;
    },
  };
}
