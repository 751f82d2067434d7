import {
  ALL_STREAMS,
  DLQ_STREAM,
  EVENTS_STREAM,
  type Queue,
  type StreamDefinition,
  taskStreamName,
  workerConsumerName,
} from '@repowiki/contracts';
import { applyStreamSettings, type StreamSettings, streamSettingsFromEnv } from './stream-settings.js';

/**
 * Every NATS name the runtime uses, under an optional namespace. With namespace `staging`
 * subjects become `staging.tasks.warehouse.process` and streams `STAGING_TASKS_WAREHOUSE`,
 * so several environments (or test files) share one NATS account without colliding.
 */
export class Topology {
  readonly subjectPrefix: string;
  readonly streamPrefix: string;

  /**
   * @param streamSettings replicas, storage and EVENTS/DLQ limits. @default this process's
   * NATS_STREAM_* variables (see stream-settings.ts): every Topology of a process agrees.
   */
  constructor(
    readonly namespace = '',
    readonly streamSettings: StreamSettings = streamSettingsFromEnv(),
  ) {
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
   * Core-NATS subject one worker answers on: "do you still hold this task?" (asked by a
   * replica that got a message redelivered while the ledger says this worker runs it). The
   * worker id is one token (its `.`, `*`, `>` and spaces replaced): a dead worker's subject
   * has no subscriber, so NATS answers "no responders" at once.
   */
  holdingSubject(queue: string, workerId: string): string {
    return `${this.subjectPrefix}repowiki.control.holding.${queue}.${workerId.replace(/[.*>\s]/g, '_')}`;
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
    return ALL_STREAMS.map((s) => {
      const kind = s === EVENTS_STREAM ? 'events' : s === DLQ_STREAM ? 'dlq' : 'task';
      return applyStreamSettings(
        {
          ...s,
          name: this.streamPrefix + s.name,
          subjects: s.subjects.map((subj) => this.subjectPrefix + subj),
        },
        this.streamSettings,
        kind,
      );
    });
  }
}
