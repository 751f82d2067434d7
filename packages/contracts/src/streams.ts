import { QUEUES, type Queue, taskStreamName, taskSubjectFilter } from './queues.js';

/**
 * Stream definitions, created or updated idempotently at start-up by the runtime.
 * Plain data (no client types) so that contracts stay dependency-free; the values are
 * the JetStream API's own strings.
 */
export interface StreamDefinition {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: 'workqueue' | 'limits';
  /** Fixed when the stream is created: JetStream cannot change it later. */
  readonly storage: 'file' | 'memory';
  /** 0 = unlimited. */
  readonly maxAgeMs: number;
  /** Copies kept in a cluster (1, 3, 5). Unset: the server's default on create, unchanged after. */
  readonly replicas?: number;
  /** The oldest messages go beyond this size. Unset: unlimited on create, unchanged after. */
  readonly maxBytes?: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped. */
  readonly duplicateWindowMs: number;
  readonly description: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function taskStream(queue: Queue): StreamDefinition {
  return {
    name: taskStreamName(queue),
    subjects: [taskSubjectFilter(queue)],
    retention: 'workqueue',
    storage: 'file',
    maxAgeMs: 0,
    duplicateWindowMs: 2 * MINUTE,
    description: `Pending ${queue} tasks (work queue: a message leaves when acked).`,
  };
}

export const EVENTS_STREAM: StreamDefinition = {
  name: 'EVENTS',
  subjects: ['events.>'],
  retention: 'limits',
  storage: 'file',
  maxAgeMs: 7 * DAY,
  duplicateWindowMs: 2 * MINUTE,
  description: 'Task completion, progress and domain events; replayable for 7 days.',
};

export const DLQ_STREAM: StreamDefinition = {
  name: 'DLQ',
  subjects: ['dlq.>'],
  retention: 'limits',
  storage: 'file',
  maxAgeMs: 30 * DAY,
  duplicateWindowMs: 2 * MINUTE,
  description: 'Dead letters with the failure reason and original headers; kept 30 days.',
};

export const ALL_STREAMS: readonly StreamDefinition[] = [
  ...QUEUES.map(taskStream),
  EVENTS_STREAM,
  DLQ_STREAM,
];

export function dlqSubject(queue: string, task: string): string {
  return `dlq.${queue}.${task}`;
}

/** Durable pull consumer of a service on its queue. */
export function workerConsumerName(queue: Queue): string {
  return `${queue}-worker`;
}

/** Durable consumer on EVENTS through which `service` reacts to one domain event. */
export function eventConsumerName(service: string, subject: string): string {
  return `${service}-${subject.replaceAll('.', '-')}`;
}
