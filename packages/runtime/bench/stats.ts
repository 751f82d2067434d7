import type { CpuSnapshot } from './cpu.js';

/** Latency percentiles and throughput of one benchmark run. */
export interface RunResult {
  system: string;
  mode: string;
  tasks: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU used during the measured window (machine, this process, each server). */
  cpu: CpuSnapshot;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(
  system: string,
  mode: string,
  latencies: number[],
  startedAt: number,
  endedAt: number,
  cpu: CpuSnapshot,
): RunResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const seconds = (endedAt - startedAt) / 1000;
  return {
    system,
    mode,
    tasks: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpu,
  };
}

export function printTable(results: RunResult[]): void {
  const rows = results.map((r) => ({
    system: r.system,
    mode: r.mode,
    tasks: r.tasks,
    'tasks/s': Math.round(r.perSecond),
    'p50 ms': r.p50Ms.toFixed(2),
    'p99 ms': r.p99Ms.toFixed(2),
  }));
  console.table(rows);
  // Where the CPU went, per task: the whole machine and each part (all share two cores).
  const perTask = (ms: number, r: RunResult) => Math.round((ms * 1000) / r.tasks);
  console.log('CPU µs per task during the measured window (machine = all processes on both cores):');
  console.table(
    results.map((r) => ({
      system: r.system,
      mode: r.mode,
      machine: perTask(r.cpu.machineMs, r),
      'bench process': perTask(r.cpu.selfMs, r),
      'nats-server': perTask(r.cpu.servers['nats-server'] ?? 0, r),
      postgres: perTask(r.cpu.servers.postgres ?? 0, r),
      // the backends of this run's scratch database alone (postgres sums every backend)
      'pg bench db': perTask(r.cpu.servers['postgres: bench db'] ?? 0, r),
      'redis-server': perTask(r.cpu.servers['redis-server'] ?? 0, r),
      'cores busy': `${((r.cpu.machineMs / 1000 / r.seconds) * 100).toFixed(0)}%`,
    })),
  );
  console.log('GC pauses of the bench process during the measured window:');
  console.table(
    results.map((r) => ({
      system: r.system,
      mode: r.mode,
      'young GCs': r.cpu.gc?.young ?? 0,
      'young max ms': (r.cpu.gc?.youngMaxMs ?? 0).toFixed(1),
      'young total ms': Math.round(r.cpu.gc?.youngTotalMs ?? 0),
      'full GC ms': Math.round(r.cpu.gc?.fullTotalMs ?? 0),
    })),
  );
}

/** Calls `submit(i)` at `ratePerSec` for `count` tasks (drift-corrected), or as fast as `window` allows. */
export async function drive(
  count: number,
  submit: (i: number) => Promise<unknown>,
  options: { ratePerSec?: number; window?: number },
): Promise<void> {
  const window = options.window ?? 512;
  let inFlight = 0;
  let next = 0;
  let release: (() => void) | undefined;
  const started = performance.now();
  const errors: unknown[] = [];
  while (next < count) {
    if (options.ratePerSec) {
      const due = started + (next * 1000) / options.ratePerSec;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    while (inFlight >= window) await new Promise<void>((r) => (release = r));
    inFlight++;
    const i = next++;
    submit(i)
      .catch((e: unknown) => errors.push(e))
      .finally(() => {
        inFlight--;
        release?.();
      });
  }
  while (inFlight > 0) await new Promise<void>((r) => (release = r));
  if (errors.length) throw new Error(`${errors.length} submissions failed: ${String(errors[0])}`);
}

/**
 * Submit and completion times of the measured tasks, by index, in preallocated typed arrays:
 * the harness itself allocates nothing per task (a growing Map of ids would be old-generation
 * garbage collector work charged to whichever system is measured).
 */
export class LatencyRecorder {
  private readonly submitted: Float64Array;
  private readonly latencies: Float64Array;
  private count = 0;
  private resolve: () => void = () => {};
  /** Resolves once every task has completed. */
  readonly completed: Promise<void>;

  constructor(readonly total: number) {
    this.submitted = new Float64Array(total).fill(Number.NaN);
    this.latencies = new Float64Array(total);
    this.completed = new Promise<void>((r) => {
      this.resolve = r;
    });
  }

  submit(i: number): void {
    this.submitted[i] = performance.now();
  }

  /** A completion of task `i`; ignores indexes that were not submitted (warm-up) and repeats. */
  done(i: number): void {
    const t0 = this.submitted[i];
    if (t0 === undefined || Number.isNaN(t0)) return;
    this.submitted[i] = Number.NaN;
    this.latencies[this.count++] = performance.now() - t0;
    if (this.count === this.total) this.resolve();
  }

  values(): number[] {
    return Array.from(this.latencies.subarray(0, this.count));
  }
}

/** The index a measured task id ends with (`<prefix>-<i>`), or -1. */
export function taskIndex(id: string): number {
  const i = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isInteger(i) ? i : -1;
}
