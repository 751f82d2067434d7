import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the task runtime, registered on the service's registry. */
export class TaskMetrics {
  readonly completed: Counter<'task' | 'outcome'>;
  readonly duration: Histogram<'task' | 'outcome'>;
  readonly inFlight: Gauge<'task'>;
  readonly retries: Counter<'task'>;
  readonly deadLetters: Counter<'task' | 'code'>;
  readonly throttled: Counter<'task'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.completed = getOrCreate(
      registry,
      'repowiki_tasks_total',
      () =>
        new Counter({
          name: 'repowiki_tasks_total',
          help: 'Task attempts finished, by task and outcome (success, failure, retry, revoked, skipped).',
          labelNames: ['task', 'outcome'],
          registers,
        }),
    );
    this.duration = getOrCreate(
      registry,
      'repowiki_task_duration_seconds',
      () =>
        new Histogram({
          name: 'repowiki_task_duration_seconds',
          help: 'Attempt run time, from start to settle.',
          labelNames: ['task', 'outcome'],
          buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120, 600, 1800],
          registers,
        }),
    );
    this.inFlight = getOrCreate(
      registry,
      'repowiki_tasks_in_flight',
      () =>
        new Gauge({
          name: 'repowiki_tasks_in_flight',
          help: 'Attempts running now.',
          labelNames: ['task'],
          registers,
        }),
    );
    this.retries = getOrCreate(
      registry,
      'repowiki_task_retries_total',
      () =>
        new Counter({
          name: 'repowiki_task_retries_total',
          help: 'Attempts that will be retried.',
          labelNames: ['task'],
          registers,
        }),
    );
    this.deadLetters = getOrCreate(
      registry,
      'repowiki_task_dead_letters_total',
      () =>
        new Counter({
          name: 'repowiki_task_dead_letters_total',
          help: 'Messages sent to the DLQ stream, by reason code.',
          labelNames: ['task', 'code'],
          registers,
        }),
    );
    this.throttled = getOrCreate(
      registry,
      'repowiki_task_user_throttled_total',
      () =>
        new Counter({
          name: 'repowiki_task_user_throttled_total',
          help: 'Deliveries put back because their user already runs TASK_MAX_SIZE_PER_USER tasks.',
          labelNames: ['task'],
          registers,
        }),
    );
  }
}

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
