/**
 * A bounded in-memory buffer that publishes each message until JetStream acknowledges it,
 * re-sending with the SAME `Nats-Msg-Id` after a timeout or while NATS is unreachable, so a
 * restart of nats-server costs a producer nothing but latency. The stream's duplicate window
 * drops the copies of a message that was stored but whose PubAck was lost.
 *
 * Bounded: once `capacity` messages wait, new ones are refused and counted in `dropped` (a web
 * tier must not grow without limit during a long outage). A message the server refuses for good
 * (too large, a stream limit, a closed connection) is not retried: it is counted in `failed`
 * and its promise rejects.
 */

export interface BufferedMessage {
  subject: string;
  data: string | Uint8Array;
  /** Becomes `Nats-Msg-Id`; the same on every re-send. */
  msgId: string;
}

export interface PublishBufferOptions<M extends BufferedMessage> {
  /** One publish attempt: resolves on the PubAck, rejects on a timeout or a refusal. */
  send(message: M): Promise<unknown>;
  /** Messages held (waiting or in flight) before new ones are dropped. @default 10_000 */
  capacity?: number;
  /** Publishes awaiting their PubAck at once. @default 512 */
  maxInFlight?: number;
  /** First wait before a message is re-sent, doubled per failure. @default 100 */
  retryMinMs?: number;
  /** Longest wait between two sends of one message. @default 2_000 (2 s) */
  retryMaxMs?: number;
  /** A message was dropped (buffer full) or refused for good. Never throws into the caller. */
  onLoss?(message: M, reason: 'buffer_full' | 'refused', error?: unknown): void;
}

interface Entry<M> {
  message: M;
  attempts: number;
  /** Not re-sent before this time (epoch ms). */
  notBefore: number;
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Errors that mean "the server will never store this message": re-sending cannot help.
 * 503 (no responders: no stream, or JetStream restarting) is NOT one of them — during a
 * restart the server answers 503 until the stream is loaded again.
 */
export function isPermanentPublishError(e: unknown): boolean {
  const err = e as { name?: unknown; code?: unknown; message?: unknown } | null;
  const name = String(err?.name ?? '');
  if (/ClosedConnection|InvalidArgument|MaxPayload/i.test(name)) return true;
  const text = String(err?.message ?? e);
  if (/connection closed|maximum payload|max_payload/i.test(text)) return true;
  const code = typeof err?.code === 'number' ? err.code : Number.NaN;
  return code >= 400 && code < 500 && code !== 408;
}

export class PublishBuffer<M extends BufferedMessage = BufferedMessage> {
  private readonly queue: Entry<M>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  private closed = false;
  private readonly idle = new Set<() => void>();
  private droppedCount = 0;
  private failedCount = 0;
  private publishedCount = 0;

  constructor(private readonly options: PublishBufferOptions<M>) {}

  /** Messages refused because the buffer was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Messages the server refused for good (not retried). */
  get failed(): number {
    return this.failedCount;
  }

  /** Messages acknowledged by the stream. */
  get published(): number {
    return this.publishedCount;
  }

  /** Messages held: waiting for a (re-)send or for their PubAck. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /**
   * Queues a message. Returns a promise of its PubAck (it never rejects on an outage, only
   * on a refusal), or undefined when the buffer is full or closed (counted in `dropped`).
   */
  offer(message: M): Promise<void> | undefined {
    if (this.closed || this.pending >= (this.options.capacity ?? 10_000)) {
      this.droppedCount++;
      this.report(message, 'buffer_full');
      return undefined;
    }
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ message, attempts: 0, notBefore: 0, resolve, reject });
    });
    this.pump();
    return done;
  }

  /** Waits until every held message is acknowledged, or `timeoutMs`. Resolves true when drained. */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    if (this.pending === 0) return true;
    let wake!: () => void;
    const drained = new Promise<void>((r) => {
      wake = r;
    });
    this.idle.add(wake);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((r) => {
      timer = setTimeout(r, timeoutMs);
    });
    await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    this.idle.delete(wake);
    return this.pending === 0;
  }

  /**
   * Refuses new messages, waits for the held ones (up to `timeoutMs`), then gives up on the
   * rest. Returns how many were left unpublished (counted in `dropped`).
   */
  async close(timeoutMs = 10_000): Promise<number> {
    this.closed = true;
    await this.flush(timeoutMs);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const left = this.queue.splice(0);
    for (const e of left) {
      this.droppedCount++;
      this.report(e.message, 'buffer_full');
      e.reject(new Error(`publish buffer closed before ${e.message.msgId} was acknowledged`));
    }
    return left.length + this.inFlight;
  }

  private pump(): void {
    const maxInFlight = this.options.maxInFlight ?? 512;
    const now = Date.now();
    let wait = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.queue.length && this.inFlight < maxInFlight; ) {
      const entry = this.queue[i]!;
      if (entry.notBefore > now) {
        wait = Math.min(wait, entry.notBefore - now);
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.send(entry);
    }
    if (wait === Number.POSITIVE_INFINITY || (this.timer && this.timerDue <= now + wait)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = now + wait;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
  }

  private send(entry: Entry<M>): void {
    this.inFlight++;
    entry.attempts++;
    let sent: Promise<unknown>;
    try {
      sent = this.options.send(entry.message);
    } catch (e) {
      sent = Promise.reject(e);
    }
    sent.then(
      () => {
        this.inFlight--;
        this.publishedCount++;
        entry.resolve();
        this.settled();
      },
      (e: unknown) => {
        this.inFlight--;
        if (isPermanentPublishError(e)) {
          this.failedCount++;
          this.report(entry.message, 'refused', e);
          entry.reject(e);
        } else {
          // Same message, same msg id, later: the duplicate window absorbs a copy that did land.
          const min = this.options.retryMinMs ?? 100;
          const backoff = Math.min(this.options.retryMaxMs ?? 2_000, min * 2 ** (entry.attempts - 1));
          entry.notBefore = Date.now() + backoff * (0.5 + Math.random() / 2);
          this.queue.push(entry);
        }
        this.settled();
      },
    );
  }

  private settled(): void {
    if (this.pending === 0) for (const wake of this.idle) wake();
    else this.pump();
  }

  private report(message: M, reason: 'buffer_full' | 'refused', error?: unknown): void {
    try {
      this.options.onLoss?.(message, reason, error);
    } catch {
      /* a reporting callback must not break publishing */
    }
  }
}
