import { hostname } from 'node:os';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SCHEDULER_QUEUES } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import {
  DB_CLIENT,
  ensureStreams,
  LedgerMaintenance,
  NATS_CONNECTION,
  ROOT_LOGGER,
  SERVICE_ENV,
  TaskClient,
} from '@repowiki/runtime';
import type { Logger } from 'pino';
import { loadSchedule } from '../schedule/load-schedule.js';
import { serveEntries } from './entries.responder.js';
import { servePause } from './pause.responder.js';
import { Scheduler } from './scheduler.js';
import { serveTrigger } from './trigger.responder.js';

/** The env fields the scheduler reads (a subset of the app's env schema). */
export interface SchedulerEnv {
  /** JSON file of entry overrides/additions, see README. */
  SCHEDULE_FILE?: string | undefined;
  /** Inline JSON of the same shape; wins over the file. */
  SCHEDULE_JSON?: string | undefined;
  /** Prefix of every subject and stream. @default '' */
  NATS_NAMESPACE?: string | undefined;
  /** Finished ledger runs older than this are deleted. @default 259_200_000 (3 days) */
  TASK_RESULT_EXPIRES_MS?: number | undefined;
}

/**
 * Runs the beat inside the Nest app: starts after every module is up, stops before the
 * NATS connection and the database pool are closed by the platform's shutdown.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private scheduler: Scheduler | undefined;
  private responders: Subscription[] = [];
  private maintenance: LedgerMaintenance | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(DB_CLIENT) private readonly db: DbClient,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_ENV) private readonly env: SchedulerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const replicaId = `${hostname()}-${process.pid}`;
    const namespace = this.env.NATS_NAMESPACE ?? '';
    const entries = loadSchedule({ file: this.env.SCHEDULE_FILE, json: this.env.SCHEDULE_JSON });
    // One submit re-sends the same message until confirmed (30 s); the scheduler then submits
    // again with the same task id until published.
    const client = new TaskClient({ nc: this.nc, db: this.db, namespace });
    // The beat may come up before any worker: its fires need the streams to exist. Only the
    // queues it may publish to (contracts' SCHEDULER_QUEUES: not migration).
    await ensureStreams(
      await jetstreamManager(this.nc),
      client.topology,
      SCHEDULER_QUEUES.map((q) => client.topology.taskStream(q)),
    );
    this.scheduler = new Scheduler({
      entries,
      submitter: client,
      db: this.db,
      logger: this.logger.child({ component: 'scheduler' }),
      replicaId,
    });
    await this.scheduler.start();
    // Operator requests, each answered by one replica (queue group `scheduler`).
    const log = this.logger.child({ component: 'scheduler' });
    this.responders = [
      serveEntries(this.nc, this.scheduler, this.db, replicaId, log, namespace),
      serveTrigger(this.nc, this.scheduler, replicaId, log, namespace),
      servePause(this.nc, this.scheduler, this.db, replicaId, log, namespace),
    ];
    // The ledger's housekeeping (pending sweep, result expiry) runs here, in the beat: one
    // replica at a time, and no worker's task slots spent on it (see LedgerMaintenance).
    this.maintenance = new LedgerMaintenance({
      client,
      logger: this.logger.child({ component: 'ledger-maintenance' }),
      resultExpiresMs: this.env.TASK_RESULT_EXPIRES_MS ?? 259_200_000,
    });
    this.maintenance.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const r of this.responders) r.unsubscribe();
    await this.maintenance?.stop();
    await this.scheduler?.stop();
  }
}
