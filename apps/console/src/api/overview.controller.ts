import { Controller, Get, Inject } from '@nestjs/common';
import type { Overview, WorkerView } from '@repowiki/contracts';
import { taskRates } from '@repowiki/db';
import {
  discoverServices,
  type InspectReply,
  inspectWorkers,
  pausedQueues,
  queueStats,
} from '@repowiki/runtime/ops';
import { System } from '../system.js';

/** Per queue depth, DLQ size, workers online (inspect), finished tasks per minute of the last hour. */
@Controller('api/overview')
export class OverviewController {
  constructor(@Inject(System) private readonly system: System) {}

  @Get()
  async overview(): Promise<Overview> {
    const { topology, nc } = this.system;
    const problems: string[] = [];
    const note = (what: string) => (e: unknown) => {
      problems.push(`${what}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
      return undefined;
    };
    const [queues, workers, rates, paused] = await Promise.all([
      this.system
        .jsm()
        .then((jsm) => queueStats(jsm, topology))
        .catch(note('queues')),
      workersOnline(this.system).catch(note('workers')),
      taskRates(this.system.db).catch(note('rates')),
      pausedQueues(this.system.db.sql, topology.namespace)
        .then((rows) => new Set(rows.map((r) => r.queue)))
        .catch(note('paused queues')),
    ]);
    return {
      queues: (queues ?? [])
        .filter((q) => q.stream !== topology.dlqStream)
        .map((q) => ({ ...q, paused: paused ? paused.has(q.queue) : null })),
      deadLetters: queues?.find((q) => q.stream === topology.dlqStream)?.messages ?? 0,
      workers: workers ?? [],
      rates: (rates ?? []).map((r) => ({ ...r, at: r.at.toISOString() })),
      problems: nc.isClosed() ? [...problems, 'NATS connection closed'] : problems,
    };
  }
}

/** What `tasks inspect stats` shows: every micro-service instance, joined with its inspect reply. */
async function workersOnline(system: System): Promise<WorkerView[]> {
  const services = await discoverServices(system.nc, system.topology);
  const names = [...new Set(services.map((s) => s.name))];
  const inspected = new Map<string, InspectReply>();
  for (const replies of await Promise.all(names.map((n) => inspectWorkers(system.nc, system.topology, n)))) {
    for (const r of replies) inspected.set(r.workerId, r);
  }
  return services.map((s) => {
    const i = s.workerId ? inspected.get(s.workerId) : undefined;
    return {
      service: s.name,
      workerId: s.workerId ?? null,
      version: s.version,
      uptimeMs: i ? i.uptimeMs : s.started ? Date.now() - Date.parse(s.started) : null,
      active: i?.active.length ?? null,
      succeeded: i?.counters.succeeded ?? null,
      failed: i?.counters.failed ?? null,
      retried: i?.counters.retried ?? null,
      deadLettered: i?.counters.deadLettered ?? null,
    };
  });
}
