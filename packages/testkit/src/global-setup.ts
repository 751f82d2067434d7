// MUST stay the first import: stops an unsupported Node before any other module runs.
import '@repowiki/node-check';
import { randomBytes } from 'node:crypto';
/**
 * vitest global setup: finds or starts NATS and PostgreSQL once per run, and migrates a
 * template database that every test file clones (CREATE DATABASE … TEMPLATE, ~50 ms).
 *
 * NATS_URL / DATABASE_URL set → those servers are used (CI, the machine's services).
 * Unset → nats-server from PATH on a random port with a temp store, and an embedded
 * PostgreSQL in a temp directory; both are stopped at the end of the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, migrate } from '@repowiki/db';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { withDatabase } from './database-url.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { startNatsServer } from './nats-server.js';
import './provided-context.js';
import { isRunTestStream } from './run-streams.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void>)[] = [];
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const runTag = randomBytes(2).toString('hex');

  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    const server = await startNatsServer();
    natsUrl = server.url;
    cleanups.push(server.stop);
  }

  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'repowiki-pg-'));
    const pg = await startEmbeddedPostgres({
      dataDir: join(dir, 'data'),
      port: await freePort(),
      persistent: false,
    });
    adminUrl = pg.url;
    cleanups.push(async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    });
  }

  const template = `rw_tmpl_${runId}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  await migrate(withDatabase(adminUrl, template));

  project.provide('natsUrl', natsUrl);
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('runId', runId);
  project.provide('runTag', runTag);

  const startedAt = Date.now();
  return async () => {
    await deleteTestStreams(natsUrl, runTag, startedAt).catch((e: unknown) => {
      console.warn(`testkit: could not delete this run's streams: ${String(e)}`);
    });
    const dbs = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`rw_%${runId}%`}`;
    for (const { datname } of dbs) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await admin.end({ timeout: 5 });
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}

/**
 * Streams of this run's test namespaces (`uniqueName()` → `RT_<runTag><6 hex>_TASKS_WAREHOUSE`)
 * created during this run: a shared server (NATS_URL, CI) must not collect them run after run,
 * and a run MUST NOT delete the streams of another run going on at the same time on the same
 * server (that once made its workers lose their consumers mid-test). Production names
 * (`TASKS_WAREHOUSE`, a namespace without the random part) never match.
 */
async function deleteTestStreams(natsUrl: string, runTag: string, since: number): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 2_000 });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const info of jsm.streams.list()) {
      if (isRunTestStream(info.config.name, runTag) && Date.parse(info.created) >= since - 1_000) {
        await jsm.streams.delete(info.config.name).catch(() => {});
      }
    }
  } finally {
    await nc.close();
  }
}
