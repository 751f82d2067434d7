import {
  ALL_STREAMS,
  type Queue,
  type StreamDefinition,
  taskStreamName,
  workerConsumerName,
} from '@repowiki/contracts';

/**
 * Every NATS name the runtime uses, under an optional namespace. With namespace `staging`
 * subjects become `staging.tasks.warehouse.process` and streams `STAGING_TASKS_WAREHOUSE`,
 * so several environments (or test files) share one NATS account without colliding.
 */
export class Topology {
  readonly subjectPrefix: string;
  readonly streamPrefix: string;

  constructor(readonly namespace = '') {
    if (namespace && !/^[A-Za-z0-9_-]+$/.test(namespace)) {
      throw new Error(`invalid namespace "${namespace}": use letters, digits, '-' and '_'`);
    }
    this.subjectPrefix = namespace ? `${namespace}.` : '';
    this.streamPrefix = namespace ? `${namespace.toUpperCase().replaceAll('-', '_')}_` : '';
  }

  /** Catalog subject → wire subject. */
  subject(catalogSubject: string): string {
    return this.subjectPrefix + catalogSubject;
  }

  /** Wire subject → catalog subject (undefined when outside the namespace). */
  catalogSubject(wireSubject: string): string | undefined {
    if (!wireSubject.startsWith(this.subjectPrefix)) return undefined;
    return wireSubject.slice(this.subjectPrefix.length);
  }

  taskStream(queue: Queue): string {
    return this.streamPrefix + taskStreamName(queue);
  }

  consumer(queue: Queue): string {
    return workerConsumerName(queue);
  }

  get eventsStream(): string {
    return `${this.streamPrefix}EVENTS`;
  }

  get dlqStream(): string {
    return `${this.streamPrefix}DLQ`;
  }

  eventSubject(queue: string, task: string, outcome: 'succeeded' | 'failed' | 'progress'): string {
    return `${this.subjectPrefix}events.${queue}.${task}.${outcome}`;
  }

  dlqSubject(queue: string, task: string): string {
    return `${this.subjectPrefix}dlq.${queue}.${task}`;
  }

  /** Core-NATS subject on which revokes are broadcast to every worker. */
  get revokeSubject(): string {
    return `${this.subjectPrefix}repowiki.control.revoke`;
  }

  /**
   * Core-NATS subject on which `tasks pause|resume <queue>` tells the queue's workers to
   * re-read `queue_pauses` (operator only).
   */
  pauseSubject(queue: string): string {
    return `${this.subjectPrefix}repowiki.control.pause.${queue}`;
  }

  /** Inspect endpoint of a service (also registered as a micro-service endpoint). */
  inspectSubject(service: string): string {
    return `${this.subjectPrefix}repowiki.inspect.${service}`;
  }

  /** The streams a queue's workers use: their task stream, EVENTS and the DLQ. */
  workerStreams(queue: Queue): string[] {
    return [this.taskStream(queue), this.eventsStream, this.dlqStream];
  }

  /** The stream whose subjects capture a wire subject, if any. */
  streamOf(wireSubject: string): string | undefined {
    return this.streams().find((s) =>
      s.subjects.some((f) => (f.endsWith('.>') ? wireSubject.startsWith(f.slice(0, -1)) : f === wireSubject)),
    )?.name;
  }

  streams(): StreamDefinition[] {
    return ALL_STREAMS.map((s) => ({
      ...s,
      name: this.streamPrefix + s.name,
      subjects: s.subjects.map((subj) => this.subjectPrefix + subj),
    }));
  }
}
