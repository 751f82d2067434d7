import { isDataError } from './pg-errors.js';

interface Entry<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Adaptive group commit: items queued while a flush is in flight go out together in the
 * next one. No linger timer: a flush starts right after the I/O callback that queued its
 * first item (setImmediate, so everything that callback produced shares the statement),
 * batch ≈ 1 at light load and hundreds under load. PostgreSQL's ~1.7k durable commits/s
 * per connection would otherwise cap the whole system (PERF-NOTES).
 */
export class BatchWriter<T, R> {
  private queue: Entry<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * @param flush writes the items and returns one result per item, in order.
   * @param maxBatch cap per statement (parameters stay well inside PostgreSQL limits).
   * @param maxConcurrent flushes running at once (pool connections used).
   */
  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 1_000,
    private readonly maxConcurrent = 2,
  ) {}

  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Flush after the current I/O callback, so the items it produced share one statement.
      if (!this.scheduled && this.inFlight < this.maxConcurrent) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Flushes `batch` and settles its promises. A statement that fails on its data (one row
   * with a value PostgreSQL refuses) is split in halves and retried until only the bad
   * rows' promises reject: one bad row never fails its innocent neighbours (log₂ n extra
   * statements per bad row). Any other failure (connection lost, server restarting) rejects
   * the whole batch at once: its callers retry later.
   */
  private async settle(batch: Entry<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.flush(batch.map((b) => b.item));
    } catch (e: unknown) {
      if (batch.length > 1 && isDataError(e)) {
        const half = Math.ceil(batch.length / 2);
        await this.settle(batch.slice(0, half));
        await this.settle(batch.slice(half));
      } else {
        for (const b of batch) b.reject(e);
      }
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i] as R);
  }

  private drain(): void {
    if (this.queue.length === 0 || this.inFlight >= this.maxConcurrent) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight++;
    this.settle(batch)
      .catch(() => {})
      .finally(() => {
        this.inFlight--;
        this.drain();
      });
  }
}
