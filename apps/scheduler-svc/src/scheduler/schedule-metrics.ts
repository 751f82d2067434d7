import { Counter, Gauge, type Registry } from 'prom-client';
import type { FireKind } from './fire-store.js';
import type { Scheduler } from './scheduler.js';

/**
 * The beat on /metrics. `repowiki_schedule_next_fire_timestamp_seconds` is read from the
 * loop's own state at each scrape: a beat that stopped firing shows a next fire in the past
 * (the RepowikiSchedulerNotFiring alert); `repowiki_schedule_fires_total` counts the fires
 * this replica won and published.
 */
export class ScheduleMetrics {
  private scheduler: Scheduler | undefined;
  private readonly fires: Counter<'entry' | 'kind'>;

  constructor(private readonly registry: Registry) {
    const self = this;
    this.fires = new Counter({
      name: 'repowiki_schedule_fires_total',
      help: 'Schedule fires this replica won and published, by entry and kind (on-time, catch-up).',
      labelNames: ['entry', 'kind'],
      registers: [registry],
    });
    new Gauge({
      name: 'repowiki_schedule_next_fire_timestamp_seconds',
      help: 'When this replica will next fire each entry (unix seconds); in the past = overdue.',
      labelNames: ['entry'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of self.scheduler?.state() ?? []) this.set({ entry: s.entry.name }, s.nextFireAt / 1000);
      },
    });
  }

  /** The loop whose state the gauge reports. */
  watch(scheduler: Scheduler): void {
    this.scheduler = scheduler;
  }

  fired(entry: string, kind: FireKind): void {
    this.fires.inc({ entry, kind });
  }

  close(): void {
    this.scheduler = undefined;
    this.registry.removeSingleMetric('repowiki_schedule_fires_total');
    this.registry.removeSingleMetric('repowiki_schedule_next_fire_timestamp_seconds');
  }
}
