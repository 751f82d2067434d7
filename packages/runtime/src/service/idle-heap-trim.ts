import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from 'pino';

/**
 * Gives an idle service's heap back to the system.
 *
 * Why: booting loads ~1,300 modules and V8 grows the heap for that; with nothing allocating
 * afterwards no GC runs, so the heap keeps its boot-time size for good: stats-svc sat at
 * 250 MB RSS (heap total 170 MB for 30 MB live) after a minute idle. The same happens after
 * a burst of tasks. V8 flags that make it shrink on its own cost the task path dearly
 * (`--optimize-for-size`: 3× the worker's CPU per task, `--max-semi-space-size=1`: +30%;
 * numbers in packages/runtime/README.md, "Idle memory"), so the heap is compacted here
 * instead, only when the process is idle: one memory-reducing full GC (V8's "last resort"
 * flavour, the one that also shrinks the young generation) → ~110 MB.
 *
 * When: a check 3 s after start-up, then every 5 s (a few cheap reads). It trims when the
 * process was idle since the previous check: no task started or finished (`activity`) and
 * the event loop below 25% busy (an idle service on a loaded 2-core machine measured up to
 * 10%: CPU contention stretches its small periodic work) and the heap has grown by at least 32 MiB
 * since the last trim left it (at start-up: since nothing), so a service whose live data
 * really grew is trimmed once, not every 30 s. A trim blocks the loop for 0.1–0.6 s, which
 * only an idle process pays.
 */
export interface IdleHeapTrimOptions {
  logger: Logger;
  /** @default 3_000 (3 s) after start */
  firstCheckMs?: number;
  /** @default 5_000 (5 s) */
  intervalMs?: number;
  /** Event-loop utilization below which the process counts as idle. @default 0.25 */
  idleUtilization?: number;
  /**
   * A number that changes whenever the service does work (the worker's finished + running
   * tasks); the same value at two checks means no task work in between. @default none
   */
  activity?: () => number;
  /** Heap growth since the last trim that is worth a trim. @default 32 MiB */
  minGrowthBytes?: number;
}

type GcFunction = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

export class IdleHeapTrim {
  private readonly gc: GcFunction;
  private timer: NodeJS.Timeout | undefined;
  private lastElu = performance.eventLoopUtilization();
  private lastActivity: number | undefined;
  /** Heap total the last trim left; a trim needs `minGrowthBytes` more than this. */
  private floor = 0;
  trims = 0;

  constructor(private readonly o: IdleHeapTrimOptions) {
    this.gc = exposeGc();
    this.lastActivity = o.activity?.();
  }

  start(): void {
    this.timer = setTimeout(() => this.tick(), this.o.firstCheckMs ?? 3_000);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Trims if idle and worth it; `true` when it did. */
  check(): boolean {
    const elu = performance.eventLoopUtilization(this.lastElu);
    this.lastElu = performance.eventLoopUtilization();
    const activity = this.o.activity?.();
    const worked = activity !== this.lastActivity;
    this.lastActivity = activity;
    this.o.logger.debug(
      {
        busy: Number(elu.utilization.toFixed(3)),
        worked,
        heapTotalMb: Math.round(getHeapStatistics().total_heap_size / 2 ** 20),
      },
      'idle heap check',
    );
    if (worked || elu.utilization >= (this.o.idleUtilization ?? 0.25)) return false;
    if (getHeapStatistics().total_heap_size < this.floor + (this.o.minGrowthBytes ?? 32 * 2 ** 20))
      return false;
    this.trim();
    return true;
  }

  private trim(): void {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    this.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    this.floor = getHeapStatistics().total_heap_size;
    this.trims += 1;
    // The trim itself must not count as work at the next check.
    this.lastElu = performance.eventLoopUtilization();
    const mb = (n: number) => Math.round(n / 2 ** 20);
    this.o.logger.info(
      {
        rssMb: mb(process.memoryUsage().rss),
        rssBeforeMb: mb(before),
        ms: Math.round(performance.now() - started),
      },
      'idle: heap trimmed',
    );
  }

  private tick(): void {
    try {
      this.check();
    } catch (e: unknown) {
      this.o.logger.warn({ err: e }, 'idle heap trim failed');
    }
    if (this.timer === undefined) return;
    this.timer = setTimeout(() => this.tick(), this.o.intervalMs ?? 5_000);
    this.timer.unref();
  }
}

/**
 * V8's `gc()`, without starting node with `--expose-gc`: the flag turned on now exposes it
 * in contexts created from then on, so one new context hands it over.
 */
function exposeGc(): GcFunction {
  const existing = (globalThis as { gc?: GcFunction }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as GcFunction;
}
