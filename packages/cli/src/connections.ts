import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DbClient } from '@repowiki/db';
import type { TaskClient, Topology } from '@repowiki/runtime/client';
import type { Sql } from 'postgres';
import { forbidden, isRefusedByNats, unavailable } from './cli.errors.js';
import { type GlobalOptions, natsSettings, redactUrl } from './global-options.js';

/**
 * Lazily opened connections of one command. Each fails fast (connect timeout, no
 * reconnect) with a one-line message naming what could not be reached, and `close()`
 * releases whatever was opened. Each also loads its libraries only when first asked for
 * (`import()`): a command that reads the ledger loads no NATS client, and `--help` none at all.
 */
export class Connections {
  private topologyP: Promise<Topology> | undefined;
  private ncP: Promise<NatsConnection> | undefined;
  private dbC: DbClient | undefined;
  private dbChecked: Promise<DbClient> | undefined;
  private sqlC: Sql | undefined;
  private sqlChecked: Promise<Sql> | undefined;

  constructor(readonly options: GlobalOptions) {}

  /** Subjects and stream names of this namespace. */
  topology(): Promise<Topology> {
    this.topologyP ??= import('@repowiki/runtime/client').then((m) => new m.Topology(this.options.namespace));
    return this.topologyP;
  }

  nats(): Promise<NatsConnection> {
    this.ncP ??= (async () => {
      // Checked before any connection: a bad flag or file is a usage error naming it.
      const settings = await natsSettings(this.options);
      const [{ connect }, { natsConnectionOptions, redactNatsUrls }] = await Promise.all([
        import('@nats-io/transport-node'),
        import('@repowiki/runtime/client'),
      ]);
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
    const { jetstreamManager } = await import('@nats-io/jetstream');
    return jetstreamManager(nc, { timeout: this.options.connectTimeout });
  }

  /** The services' database client (postgres.js pools and drizzle: @repowiki/db). */
  db(): Promise<DbClient> {
    this.dbChecked ??= (async () => {
      const { createDbClient } = await import('@repowiki/db');
      const client = createDbClient(this.options.databaseUrl, { max: 2, applicationName: 'tasks-cli' });
      this.dbC = client;
      return this.reachable(client.sql, client);
    })();
    return this.dbChecked;
  }

  /**
   * One plain postgres.js connection, for a command that only reads rows with raw SQL
   * (`status`): without drizzle and @repowiki/db, which alone take longer to load than the
   * whole command should.
   */
  sql(): Promise<Sql> {
    this.sqlChecked ??= (async () => {
      const { default: postgres } = await import('postgres');
      const sql = postgres(this.options.databaseUrl, {
        max: 1,
        // No array-type lookup on connect (a round trip): the rows read here hold no arrays.
        fetch_types: false,
        onnotice: () => {},
        connection: { application_name: 'tasks-cli' },
      });
      this.sqlC = sql;
      return this.reachable(sql, sql);
    })();
    return this.sqlChecked;
  }

  /** `value` once `sql` answered `select 1` within --connect-timeout. */
  private async reachable<T>(sql: Sql, value: T): Promise<T> {
    // postgres.js waits up to 30 s for a silent host; a CLI gives up after --connect-timeout.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.connectTimeout} ms`)),
        this.options.connectTimeout,
      );
    });
    try {
      await Promise.race([sql`select 1`, timeout]);
    } catch (e: unknown) {
      throw unavailable(
        `cannot reach PostgreSQL at ${redactUrl(this.options.databaseUrl)}: ${oneLine(e)}`,
        e,
      );
    } finally {
      clearTimeout(timer);
    }
    return value;
  }

  async client(): Promise<TaskClient> {
    const [nc, db, { TaskClient }] = await Promise.all([
      this.nats(),
      this.db(),
      import('@repowiki/runtime/client'),
    ]);
    return new TaskClient({ nc, db, namespace: this.options.namespace });
  }

  async close(): Promise<void> {
    const nc = await this.ncP?.catch(() => undefined);
    await nc?.close().catch(() => {});
    // A pool stuck connecting to a silent host would hold `end()` for its full timeout.
    await Promise.race([
      Promise.all([this.dbC?.close().catch(() => {}), this.sqlC?.end({ timeout: 5 }).catch(() => {})]),
      new Promise((r) => setTimeout(r, 1_000).unref()),
    ]);
  }
}

function oneLine(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown };
  const text = typeof err?.message === 'string' && err.message ? err.message : String(e);
  const code = typeof err?.code === 'string' && !text.includes(err.code) ? ` (${err.code})` : '';
  return `${text.split('\n')[0]}${code}`;
}
