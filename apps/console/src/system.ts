import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Inject, Injectable } from '@nestjs/common';
import type { DbClient } from '@repowiki/db';
import { DB_CLIENT, NATS_CONNECTION, SERVICE_ENV, TaskClient, Topology } from '@repowiki/runtime';
import type { Env } from './env.js';

/** The connections `bootstrapService` opened, and what the screens build on them. */
@Injectable()
export class System {
  readonly topology: Topology;
  readonly client: TaskClient;
  private jsmP: Promise<JetStreamManager> | undefined;

  constructor(
    @Inject(NATS_CONNECTION) readonly nc: NatsConnection,
    @Inject(DB_CLIENT) readonly db: DbClient,
    @Inject(SERVICE_ENV) env: Env,
  ) {
    this.topology = new Topology(env.NATS_NAMESPACE);
    this.client = new TaskClient({ nc, db, namespace: env.NATS_NAMESPACE });
  }

  jsm(): Promise<JetStreamManager> {
    this.jsmP ??= jetstreamManager(this.nc, { timeout: 5_000 }).catch((e: unknown) => {
      this.jsmP = undefined;
      throw e;
    });
    return this.jsmP;
  }
}
