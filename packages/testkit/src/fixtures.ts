import { randomBytes } from 'node:crypto';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { createDbClient, type DbClient } from '@repowiki/db';
import postgres from 'postgres';
import { test as base, inject } from 'vitest';
import { withDatabase } from './database-url.js';
import './provided-context.js';

let cloneCounter = 0;

/** Clones the migrated template into a fresh database; returns its URL. */
export async function cloneTemplateDatabase(): Promise<string> {
  const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => {} });
  const name = `rw_t_${inject('runId')}_${process.pid}_${++cloneCounter}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.unsafe(`create database "${name}" template "${inject('templateDatabase')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return withDatabase(inject('adminDatabaseUrl'), name);
}

/** Connections a test opened through the fixtures that are still open at its end. */
async function openBackends(databaseUrl: string): Promise<number> {
  const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => {} });
  try {
    const database = new URL(databaseUrl).pathname.slice(1);
    for (let i = 0; ; i++) {
      const [row] = await admin<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
      // Backends take a moment to go after the client's Terminate message.
      if (!row?.n || i >= 20) return row?.n ?? 0;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Unique, valid stream/consumer/subject token for this test. */
export function uniqueName(prefix = 't'): string {
  return `${prefix}_${runTag()}${randomBytes(3).toString('hex')}`;
}

/** This run's tag (see ProvidedContext.runTag); random outside a vitest run. */
function runTag(): string {
  try {
    return inject('runTag') ?? randomBytes(2).toString('hex');
  } catch {
    return randomBytes(2).toString('hex');
  }
}

export interface TestFixtures {
  /** NATS server URL (own server or NATS_URL). */
  natsUrl: string;
  /** A NATS connection closed after the test. */
  nc: NatsConnection;
  jsm: JetStreamManager;
  /** A pool on this file's database, closed after the test. */
  dbClient: DbClient;
}

export interface FileFixtures {
  /** A database cloned from the migrated template, private to this test file. */
  databaseUrl: string;
}

const openedNats = new Set<NatsConnection>();

/** `test.extend` fixtures over real servers. Each fixture closes what it opened. */
export const test = base.extend<{ $test: TestFixtures; $file: FileFixtures }>({
  databaseUrl: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixture signature
    async ({}, use) => {
      const url = await cloneTemplateDatabase();
      await use(url);
      const leaked = await openBackends(url);
      if (leaked > 0) {
        throw new Error(`test file leaked ${leaked} PostgreSQL connection(s) to ${new URL(url).pathname}`);
      }
    },
    { scope: 'file' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixture signature
  natsUrl: async ({}, use) => {
    await use(inject('natsUrl'));
  },
  nc: async ({ natsUrl }, use) => {
    const nc = await connectNats(natsUrl);
    await use(nc);
    await nc.close();
    openedNats.delete(nc);
    assertNoLeakedNats();
  },
  jsm: async ({ nc }, use) => {
    await use(await jetstreamManager(nc));
  },
  dbClient: async ({ databaseUrl }, use) => {
    const client = createDbClient(databaseUrl, { max: 4 });
    await use(client);
    await client.close();
  },
});

/** Connects and records the connection so that a test which forgets to close it fails. */
export async function connectNats(url = inject('natsUrl')): Promise<NatsConnection> {
  const nc = await connect({ servers: url, noAsyncTraces: true, name: 'testkit' });
  openedNats.add(nc);
  nc.closed().then(() => openedNats.delete(nc));
  return nc;
}

export function assertNoLeakedNats(): void {
  const open = [...openedNats].filter((c) => !c.isClosed());
  if (open.length > 0)
    throw new Error(`test leaked ${open.length} NATS connection(s) opened with connectNats()`);
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
