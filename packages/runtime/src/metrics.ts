import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the task runtime, registered on the service's registry. */
export class TaskMetrics {
  readonly completed: Counter<'task' | 'outcome'>;
  readonly duration: Histogram<'task' | 'outcome'>;
  readonly inFlight: Gauge<'task'>;
  readonly retries: Counter<'task'>;
  readonly deadLetters: Counter<'task' | 'code'>;
  readonly throttled: Counter<'task'>;
  readonly lapsed: Counter<'holder' | 'answer'>;

  constructor(registry: Registry) {
    this.completed = getOrCreate(registry, Counter<'task' | 'outcome'>, {
      name: 'repowiki_tasks_total',
      help: 'Task attempts finished, by task and outcome (success, failure, retry, revoked, skipped).',
      labelNames: ['task', 'outcome'],
    });
    this.duration = getOrCreate(registry, Histogram<'task' | 'outcome'>, {
      name: 'repowiki_task_duration_seconds',
      help: 'Attempt run time, from start to settle.',
      labelNames: ['task', 'outcome'],
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120, 600, 1800],
    });
    this.inFlight = getOrCreate(registry, Gauge<'task'>, {
      name: 'repowiki_tasks_in_flight',
      help: 'Attempts running now.',
      labelNames: ['task'],
    });
    this.retries = getOrCreate(registry, Counter<'task'>, {
      name: 'repowiki_task_retries_total',
      help: 'Attempts that will be retried.',
      labelNames: ['task'],
    });
    this.deadLetters = getOrCreate(registry, Counter<'task' | 'code'>, {
      name: 'repowiki_task_dead_letters_total',
      help: 'Messages sent to the DLQ stream, by reason code.',
      labelNames: ['task', 'code'],
    });
    this.throttled = getOrCreate(registry, Counter<'task'>, {
      name: 'repowiki_task_user_throttled_total',
      help: 'Deliveries put back because their user already runs TASK_MAX_SIZE_PER_USER tasks.',
      labelNames: ['task'],
    });
    this.lapsed = getOrCreate(registry, Counter<'holder' | 'answer'>, {
      name: 'repowiki_task_heartbeat_lapses_total',
      help:
        'Messages redelivered while a live worker held them (its heartbeats lapsed: a stalled event loop or host). ' +
        'holder=self: this worker held it; holder=other: another did, and answered held, not_held, gone or silent.',
      labelNames: ['holder', 'answer'],
    });
  }
}

/** The registry's metric of that name (another TaskMetrics on it made it), else a new one on it. */
function getOrCreate<C extends { name: string }, M>(
  registry: Registry,
  Metric: new (config: C) => M,
  config: NoInfer<Omit<C, 'registers'>>,
): M {
  return (
    (registry.getSingleMetric(config.name) as M | undefined) ??
    new Metric({ ...config, registers: [registry] } as unknown as C)
  );
}
