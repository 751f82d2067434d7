import { readdirSync, readFileSync } from 'node:fs';
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

/**
 * CPU time spent by the whole machine and by the servers a task touches, read from /proc
 * (Linux). Every system here shares two cores, so CPU per task is what decides throughput
 * and, at a fixed rate, how busy the cores are (which is what queueing latency follows).
 */
export interface CpuSnapshot {
  /** Busy time of all CPUs (user, nice, system, irq, softirq, steal), ms. */
  machineMs: number;
  /** This process (all threads), ms. */
  selfMs: number;
  /** Per server command name (all its processes), ms; plus BENCH_DB_BACKENDS. */
  servers: Record<string, number>;
  /** CPU ms of each backend of the bench database (see setBenchDatabase), by pid. */
  benchBackends: Map<number, number>;
  /** When it was taken (performance.now()). */
  at: number;
  /** This process's garbage-collection pauses (set by cpuSince for its window). */
  gc?: GcPauses;
}

/**
 * V8's pauses in the window: young-generation scavenges stop the event loop for as long
 * as it takes to copy what survived, so they show in the latency tail.
 */
export interface GcPauses {
  young: number;
  youngMaxMs: number;
  youngTotalMs: number;
  fullTotalMs: number;
}

const gcEvents: { at: number; ms: number; young: boolean }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    gcEvents.push({ at: e.startTime, ms: e.duration, young: kind === constants.NODE_PERFORMANCE_GC_MINOR });
  }
}).observe({ entryTypes: ['gc'] });

function gcSince(at: number): GcPauses {
  const out: GcPauses = { young: 0, youngMaxMs: 0, youngTotalMs: 0, fullTotalMs: 0 };
  for (const e of gcEvents) {
    if (e.at < at) continue;
    if (e.young) {
      out.young++;
      out.youngTotalMs += e.ms;
      out.youngMaxMs = Math.max(out.youngMaxMs, e.ms);
    } else out.fullTotalMs += e.ms;
  }
  return out;
}

/** The servers whose CPU a run reports, by process command name. */
export const SERVERS = ['nats-server', 'postgres', 'redis-server'] as const;

const TICK_MS = 10; // USER_HZ is 100 on Linux

function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  // cpu user nice system idle iowait irq softirq steal …
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

/**
 * The scratch database of this measurement (set by measure.ts): the CPU of the PostgreSQL
 * backends serving it is reported apart as `postgres: bench db`, since `postgres` sums every
 * backend on the machine, including those of whatever else shares it (other benches, tests),
 * plus the shared walwriter, checkpointer and background writer.
 */
let benchDatabase: string | undefined;
export function setBenchDatabase(name: string): void {
  benchDatabase = name;
}
export const BENCH_DB_BACKENDS = 'postgres: bench db';

function isBenchBackend(pid: string): boolean {
  if (!benchDatabase) return false;
  try {
    // a backend's title: "postgres: <cluster>: <user> <database> <host>(<port>) <state>"
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return title.includes(` ${benchDatabase} `);
  } catch {
    return false;
  }
}

/**
 * Per server command name (all its processes), ms; and, by pid, the backends of the bench
 * database (so that one exiting inside a window is left out rather than subtracted).
 */
function serverMs(): { servers: Record<string, number>; benchBackends: Map<number, number> } {
  const out: Record<string, number> = Object.fromEntries(SERVERS.map((s) => [s, 0]));
  const benchBackends = new Map<number, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!(comm in out)) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14/15 (utime, stime) are at 11/12 after pid and comm; + children that exited
    const ms = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
    out[comm]! += ms;
    if (comm === 'postgres' && isBenchBackend(pid)) benchBackends.set(Number(pid), ms);
  }
  return { servers: out, benchBackends };
}

export function cpuSnapshot(): CpuSnapshot {
  const u = process.cpuUsage();
  return {
    machineMs: machineBusyMs(),
    selfMs: (u.user + u.system) / 1000,
    ...serverMs(),
    at: performance.now(),
  };
}

/** CPU the bench database's backends spent between two snapshots (those gone by `now` are left out). */
function benchBackendsSince(before: CpuSnapshot, now: CpuSnapshot): number {
  let ms = 0;
  for (const [pid, cpu] of now.benchBackends) ms += cpu - (before.benchBackends.get(pid) ?? 0);
  return ms;
}

export function cpuSince(before: CpuSnapshot): CpuSnapshot {
  const now = cpuSnapshot();
  return {
    machineMs: now.machineMs - before.machineMs,
    selfMs: now.selfMs - before.selfMs,
    servers: {
      ...Object.fromEntries(SERVERS.map((s) => [s, now.servers[s]! - (before.servers[s] ?? 0)])),
      [BENCH_DB_BACKENDS]: benchBackendsSince(before, now),
    },
    benchBackends: now.benchBackends,
    at: now.at,
    gc: gcSince(before.at),
  };
}
