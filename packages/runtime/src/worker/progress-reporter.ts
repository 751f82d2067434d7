import type { TaskProgress } from '@repowiki/contracts';

/**
 * Throttles progress reports of one attempt: at most one write per `intervalMs`, and the
 * latest report is always written (trailing edge). Never throws into the handler.
 */
export class ProgressReporter {
  private latest: TaskProgress | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly write: (p: TaskProgress) => Promise<void>,
    private readonly intervalMs = 250,
  ) {}

  report(progress: TaskProgress): void {
    // After close() the attempt is settling: a late report would land after its outcome.
    if (this.closed) return;
    this.latest = progress;
    if (!this.timer) this.flushNow();
  }

  private flushNow(): void {
    const p = this.latest;
    this.latest = undefined;
    if (!p) return;
    this.writing = this.writing.then(() => this.write(p)).catch(() => {});
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushNow();
    }, this.intervalMs);
    this.timer.unref();
  }

  /**
   * Writes the report the throttle still holds back (the last one, often "100%") and waits
   * for every write; call before the attempt settles so progress never lands after it.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const last = this.latest;
    this.latest = undefined;
    if (last) this.writing = this.writing.then(() => this.write(last)).catch(() => {});
    await this.writing;
  }
}
