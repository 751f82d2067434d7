import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { createDbClient, type DbClient } from '@repowiki/db';
import { natsConnectionOptions, redactNatsUrls, TaskClient, Topology } from '@repowiki/runtime/client';
import { forbidden, isRefusedByNats, unavailable } from './cli.errors.js';
import { type GlobalOptions, natsSettings, redactUrl } from './global-options.js';

/**
 * Lazily opened connections of one command. Each fails fast (connect timeout, no
 * reconnect) with a one-line message naming what could not be reached, and `close()`
 * releases whatever was opened.
 */
export class Connections {
  readonly topology: Topology;
  private ncP: Promise<NatsConnection> | undefined;
  private dbC: DbClient | undefined;
  private dbChecked: Promise<DbClient> | undefined;

  constructor(readonly options: GlobalOptions) {
    this.topology = new Topology(options.namespace);
  }

  nats(): Promise<NatsConnection> {
    this.ncP ??= (async () => {
      // Checked before any connection: a bad flag or file is a usage error naming it.
      const settings = natsSettings(this.options);
      try {
        return await connect({
          ...natsConnectionOptions(settings, { name: 'tasks-cli' }),
          timeout: this.options.connectTimeout,
          reconnect: false,
          noAsyncTraces: true,
        });
      } catch (e: unknown) {
        // The URL as the user gave it, credentials masked; the error names no secret.
        const at = redactNatsUrls(settings.NATS_URL);
        if (isRefusedByNats(e)) throw forbidden(`NATS at ${at} refused the credentials: ${oneLine(e)}`, e);
        throw unavailable(`cannot reach NATS at ${at}: ${oneLine(e)}`, e);
      }
    })();
    return this.ncP;
  }

  async jsm(): Promise<JetStreamManager> {
    const nc = await this.nats();
    return jetstreamManager(nc, { timeout: this.options.connectTimeout });
  }

  db(): Promise<DbClient> {
    this.dbChecked ??= (async () => {
      const client = createDbClient(this.options.databaseUrl, { max: 2, applicationName: 'tasks-cli' });
      this.dbC = client;
      // postgres.js waits up to 30 s for a silent host; a CLI gives up after --connect-timeout.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${this.options.connectTimeout} ms`)),
          this.options.connectTimeout,
        );
      });
      try {
        await Promise.race([client.sql`select 1`, timeout]);
      } catch (e: unknown) {
        throw unavailable(
          `cannot reach PostgreSQL at ${redactUrl(this.options.databaseUrl)}: ${oneLine(e)}`,
          e,
        );
      } finally {
        clearTimeout(timer);
      }
      return client;
    })();
    return this.dbChecked;
  }

  async client(): Promise<TaskClient> {
    const [nc, db] = await Promise.all([this.nats(), this.db()]);
    return new TaskClient({ nc, db, namespace: this.options.namespace });
  }

  async close(): Promise<void> {
    const nc = await this.ncP?.catch(() => undefined);
    await nc?.close().catch(() => {});
    // A pool stuck connecting to a silent host would hold `end()` for its full timeout.
    await Promise.race([this.dbC?.close().catch(() => {}), new Promise((r) => setTimeout(r, 1_000).unref())]);
  }
}

function oneLine(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown };
  const text = typeof err?.message === 'string' && err.message ? err.message : String(e);
  const code = typeof err?.code === 'string' && !text.includes(err.code) ? ` (${err.code})` : '';
  return `${text.split('\n')[0]}${code}`;
}
