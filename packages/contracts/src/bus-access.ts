import type { TaskSubject } from './catalog.js';
import type { DomainEventSubject } from './events.js';
import { QUEUES, type Queue, taskStreamName, taskSubjectFilter } from './queues.js';
import {
  SCHEDULER_ENTRIES_SUBJECT,
  SCHEDULER_PAUSE_SUBJECT,
  SCHEDULER_TRIGGER_SUBJECT,
} from './scheduler.js';
import { DLQ_STREAM, EVENTS_STREAM, eventConsumerName, workerConsumerName } from './streams.js';

/**
 * Who may do what on the bus (NATS), least privilege. `infra/nats/accounts.conf` is rendered
 * from this module (`renderNatsAccounts`); a test keeps the committed file in step.
 *
 * Identities
 * ----------
 * <service>-svc  one per deployable: consumes only its own queue (and the domain events it
 *                reacts to), publishes its own queue's events, dead letters and follow-up
 *                tasks, creates its own stream and consumer.
 * scheduler-svc  the beat: publishes the scheduled tasks of every queue except `migration`.
 * web            the web tier: submits the tasks that act on one warehouse, and access logs.
 * console        the operators' web console (apps/console): reads queue depths, the DLQ, the
 *                workers' inspect view, the beat's entries and the EVENTS stream; replays and
 *                purges dead letters, revokes, retries, pauses queues, triggers and pauses
 *                schedule entries, submits the tasks of every queue but `migration`.
 * operator       people and the `tasks` CLI: everything, including `tasks.migration.*`,
 *                `repowiki.control.*` (revoke, queue pause), `repowiki.scheduler.*` (trigger,
 *                pause), `repowiki.inspect.*` and stream administration.
 *
 * Subjects are those of the default namespace (NATS_NAMESPACE unset): give every environment
 * its own NATS account rather than a namespace when it needs these permissions.
 */

/** The queue each service consumes. */
export const SERVICE_QUEUES = {
  'warehouse-svc': 'warehouse',
  'stats-svc': 'statistics',
  'accesslog-svc': 'accesslog',
  'minimap-svc': 'minimap',
  'migration-svc': 'migration',
} as const satisfies Record<string, Queue>;
export type QueueService = keyof typeof SERVICE_QUEUES;

/** Domain events a service reacts to through its durable consumer on EVENTS. */
export const SERVICE_DOMAIN_EVENTS: Readonly<Record<QueueService, readonly DomainEventSubject[]>> = {
  'warehouse-svc': [],
  'stats-svc': [],
  'accesslog-svc': [],
  'minimap-svc': ['events.warehouse.completed'],
  'migration-svc': [],
};

/**
 * Tasks the web tier submits: each acts on one warehouse a user asked about, plus one
 * access-log entry per request. System-wide work (schedules, retention, migrations, backups)
 * is the scheduler's or the operator's.
 */
export const WEB_TASKS = [
  'tasks.warehouse.process',
  'tasks.warehouse.reset',
  'tasks.warehouse.update',
  'tasks.statistics.warehouse',
  'tasks.minimap.regenerate',
  'tasks.accesslog.record',
] as const satisfies readonly TaskSubject[];

/** Queues the beat publishes to. `migration` is operator-only: no schedule can restore a backup. */
export const SCHEDULER_QUEUES: readonly Queue[] = QUEUES.filter((q) => q !== 'migration');

export const BUS_IDENTITIES = [
  ...(Object.keys(SERVICE_QUEUES) as QueueService[]),
  'scheduler-svc',
  'web',
  'console',
  'operator',
] as const;
export type BusIdentity = (typeof BUS_IDENTITIES)[number];

/** One line per identity: what it is, for configs and docs. */
export const BUS_IDENTITY_ROLES: Readonly<Record<BusIdentity, string>> = {
  'warehouse-svc': 'consumes tasks.warehouse.*; publishes events.warehouse.* (events.warehouse.completed)',
  'stats-svc': 'consumes tasks.statistics.*',
  'accesslog-svc': 'consumes tasks.accesslog.* (access-log batches)',
  'minimap-svc': 'consumes tasks.minimap.* and events.warehouse.completed',
  'migration-svc': 'consumes tasks.migration.* (it alone re-publishes its own delayed tasks)',
  'scheduler-svc': 'the beat: publishes scheduled tasks of every queue but migration',
  web: 'the web tier: tasks on one warehouse, and access-log entries',
  console:
    'the web console: reads queues, DLQ, inspect, schedule, EVENTS; replays, purges, revokes, retries, pauses',
  operator: 'people and the tasks CLI: the whole account',
};

export interface BusPermissions {
  /** Subjects (NATS wildcards allowed) the identity may publish to; nothing else. */
  readonly publish: readonly string[];
  /** Subjects it may subscribe to; nothing else. */
  readonly subscribe: readonly string[];
  /** It may answer each request it receives once (micro-service and inspect endpoints). */
  readonly allowResponses: boolean;
}

/**
 * Prefix of the reply subjects (inboxes) of an identity's connections. Each identity reads
 * only its own inboxes, so no one can read another's replies or pulled messages.
 */
export function inboxPrefix(identity: string): string {
  return `_INBOX.${identity}`;
}

/** Subjects of the NATS micro services API (`nats micro ls`) that a service answers. */
function microService(name: string): string[] {
  return ['$SRV.PING', '$SRV.INFO', '$SRV.STATS', `$SRV.*.${name}`, `$SRV.*.${name}.*`];
}

/** Read (and create if missing) a stream; UPDATE only where the identity owns it. */
function streamApi(stream: string, own: boolean): string[] {
  const verbs = own ? ['INFO', 'CREATE', 'UPDATE'] : ['INFO', 'CREATE'];
  return verbs.map((v) => `$JS.API.STREAM.${v}.${stream}`);
}

/**
 * A durable pull consumer: created with its filter in the subject (the server refuses a
 * config whose filter differs, so no wider filter can be set), pulled and acked.
 */
function pullConsumer(stream: string, consumer: string, filter: string) {
  return {
    publish: [
      `$JS.API.CONSUMER.CREATE.${stream}.${consumer}.${filter}`,
      `$JS.API.CONSUMER.INFO.${stream}.${consumer}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
      `$JS.ACK.${stream}.${consumer}.>`,
    ],
    subscribe: [
      `$JS.EVENT.ADVISORY.CONSUMER.DELETED.${stream}.${consumer}`,
      `$JS.EVENT.ADVISORY.STREAM.DELETED.${stream}`,
    ],
  };
}

function queueService(name: QueueService): BusPermissions {
  const queue = SERVICE_QUEUES[name];
  const stream = taskStreamName(queue);
  const worker = pullConsumer(stream, workerConsumerName(queue), taskSubjectFilter(queue));
  const events = SERVICE_DOMAIN_EVENTS[name].map((subject) =>
    pullConsumer(EVENTS_STREAM.name, eventConsumerName(name, subject), subject),
  );
  const consumerChanged = `repowiki.control.consumer-changed.${queue}`;
  const holding = `repowiki.control.holding.${queue}.*`;
  return {
    publish: [
      '$JS.API.INFO',
      ...streamApi(stream, true),
      ...streamApi(EVENTS_STREAM.name, false),
      ...streamApi(DLQ_STREAM.name, false),
      ...worker.publish,
      ...events.flatMap((e) => e.publish),
      // Follow-up tasks of its own queue, and delayed or throttled ones released again.
      taskSubjectFilter(queue),
      `events.${queue}.>`,
      `dlq.${queue}.>`,
      consumerChanged,
      // "Do you still hold this task?" to a replica whose heartbeats lapsed.
      holding,
    ],
    subscribe: [
      `${inboxPrefix(name)}.>`,
      ...worker.subscribe,
      ...events.flatMap((e) => e.subscribe),
      'repowiki.control.revoke',
      // `tasks pause|resume <queue>`: re-read queue_pauses now.
      `repowiki.control.pause.${queue}`,
      consumerChanged,
      holding,
      `repowiki.inspect.${name}`,
      ...microService(name),
    ],
    allowResponses: true,
  };
}

function scheduler(): BusPermissions {
  const name = 'scheduler-svc';
  return {
    publish: [
      '$JS.API.INFO',
      ...SCHEDULER_QUEUES.flatMap((q) => streamApi(taskStreamName(q), false)),
      ...SCHEDULER_QUEUES.map(taskSubjectFilter),
    ],
    subscribe: [
      `${inboxPrefix(name)}.>`,
      SCHEDULER_ENTRIES_SUBJECT,
      SCHEDULER_TRIGGER_SUBJECT,
      SCHEDULER_PAUSE_SUBJECT,
      `repowiki.inspect.${name}`,
      ...microService(name),
    ],
    allowResponses: true,
  };
}

function web(): BusPermissions {
  return {
    publish: [...WEB_TASKS],
    // PubAcks, and the outcome events of its own tasks (`TaskClient.result`).
    subscribe: [`${inboxPrefix('web')}.>`, ...WEB_TASKS.map((s) => `${s.replace(/^tasks\./, 'events.')}.*`)],
    allowResponses: false,
  };
}

/** Queues whose tasks the console submits (replays, warehouse actions): not `migration`. */
export const CONSOLE_QUEUES: readonly Queue[] = QUEUES.filter((q) => q !== 'migration');

/**
 * The console (apps/console): what its screens read and its actions do, nothing more. It may
 * not submit migrations (a dead-lettered restore is replayed with the CLI, as the operator),
 * edit or delete streams, touch any consumer but its own ordered consumers on EVENTS, or read
 * another identity's inbox. Its EVENTS consumers are created with a name the client picks, so
 * the permission names no consumer: with it the console could also create a consumer under
 * another's name before that service does (a denial of service, not a read of anything new).
 */
function consoleApp(): BusPermissions {
  const name = 'console';
  const dlq = DLQ_STREAM.name;
  const events = EVENTS_STREAM.name;
  const taskStreams = QUEUES.map(taskStreamName);
  return {
    publish: [
      '$JS.API.INFO',
      // Queue depths (`nats stream info`, `nats consumer info`).
      ...[...taskStreams, dlq, events].flatMap((s) => [
        `$JS.API.STREAM.INFO.${s}`,
        `$JS.API.CONSUMER.LIST.${s}`,
      ]),
      // Submitted tasks: a producer creates a missing stream after a 503.
      ...CONSOLE_QUEUES.map((q) => `$JS.API.STREAM.CREATE.${taskStreamName(q)}`),
      ...CONSOLE_QUEUES.map(taskSubjectFilter),
      // Dead letters: read one, delete a replayed one, purge.
      `$JS.API.STREAM.MSG.GET.${dlq}`,
      `$JS.API.STREAM.MSG.DELETE.${dlq}`,
      `$JS.API.STREAM.PURGE.${dlq}`,
      // The live feed: ordered (ephemeral, unacknowledged) consumers on EVENTS.
      `$JS.API.CONSUMER.CREATE.${events}.*.events.>`,
      `$JS.API.CONSUMER.INFO.${events}.*`,
      `$JS.API.CONSUMER.MSG.NEXT.${events}.*`,
      'repowiki.control.revoke',
      // Pause/resume of a queue: workers re-read `queue_pauses` on it.
      'repowiki.control.pause.*',
      'repowiki.inspect.*',
      '$SRV.PING',
      '$SRV.INFO',
      '$SRV.STATS',
      SCHEDULER_ENTRIES_SUBJECT,
      // Trigger an entry now, pause or resume it (scheduler-svc answers).
      SCHEDULER_TRIGGER_SUBJECT,
      SCHEDULER_PAUSE_SUBJECT,
    ],
    subscribe: [`${inboxPrefix(name)}.>`, `repowiki.inspect.${name}`, ...microService(name)],
    allowResponses: true,
  };
}

/** Permissions of an identity; `all` for the operator (the whole account). */
export function busPermissions(identity: BusIdentity): BusPermissions | 'all' {
  if (identity === 'operator') return 'all';
  if (identity === 'web') return web();
  if (identity === 'console') return consoleApp();
  if (identity === 'scheduler-svc') return scheduler();
  return queueService(identity);
}
