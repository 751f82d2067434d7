import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { HEADERS, taskStream } from '@repowiki/contracts';
import { type NatsServerHandle, startNatsServer } from '@repowiki/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type AccessLogMiddleware, createAccessLogMiddleware } from './access-log.middleware.js';
import { createAccessLogPublisher } from './access-log-publisher.js';

const STREAM = taskStream('accesslog');
const REQUESTS = 1_200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const entry = (i: number) => ({
  resourceType: 'repository',
  resourceId: 'acme/wiki',
  ipAddress: '203.0.113.9',
  path: `/acme/wiki/${i}`,
  method: 'GET',
  statusCode: 200,
  responseTime: 1,
  occurredAt: new Date().toISOString(),
});

/** Entries in the stream (a message carries one or more). */
async function storedEntryCount(jsm: Awaited<ReturnType<typeof jetstreamManager>>): Promise<number> {
  const { state } = await jsm.streams.info(STREAM.name);
  let n = 0;
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(STREAM.name, { seq }).catch(() => null);
    if (m) n += m.json<{ entries: unknown[] }>().entries.length;
  }
  return n;
}

/** A private nats-server (its own port and store) that the test stops and starts again. */
async function ownServer(): Promise<{
  server: () => NatsServerHandle;
  restartAfter: (downMs: number) => Promise<void>;
}> {
  const storeDir = mkdtempSync(join(tmpdir(), 'repowiki-outage-'));
  let server = await startNatsServer({ storeDir, bin: '/usr/sbin/nats-server' });
  const port = server.port;
  cleanups.push(() => rmSync(storeDir, { recursive: true, force: true }));
  cleanups.push(() => server.stop());
  return {
    server: () => server,
    async restartAfter(downMs) {
      await server.stop();
      await sleep(downMs);
      server = await startNatsServer({ storeDir, port, bin: '/usr/sbin/nats-server' });
    },
  };
}

describe('access-log middleware during a nats-server restart', () => {
  it('loses no entry and stores none twice while the server is down for 3 s', async () => {
    const nats = await ownServer();
    const nc: NatsConnection = await connect({
      servers: nats.server().url,
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: STREAM.name,
      subjects: [...STREAM.subjects],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(STREAM.duplicateWindowMs),
    });
    const errors: unknown[] = [];
    const middleware: AccessLogMiddleware = createAccessLogMiddleware({
      js: jetstream(nc, { timeout: 1_000 }),
      onError: (e) => errors.push(e),
    });
    cleanups.push(() => middleware.publisher?.close(1_000));
    const app = createServer((req: IncomingMessage, res: ServerResponse) =>
      middleware(req, res, () => res.end('ok')),
    );
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => app.close(r)));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

    // ~4.5 s of page views (10 at a time); the server goes down after ~0.5 s for 3 s.
    let sent = 0;
    const browse = async () => {
      while (sent < REQUESTS) {
        const i = sent++;
        const res = await fetch(`${base}/acme/wiki/page-${i}`);
        expect(res.status).toBe(200);
        await res.text();
        await sleep(30);
      }
    };
    const outage = (async () => {
      await sleep(500);
      await nats.restartAfter(3_000);
    })();
    await Promise.all([outage, ...Array.from({ length: 10 }, browse)]);

    // Every page view ends up in the stream once (the buffer re-sends until acknowledged).
    expect(await middleware.publisher.flush(20_000)).toBe(true);
    const stored = (await jsm.streams.info(STREAM.name)).state;
    const paths = new Set<string>();
    const ids = new Set<string>();
    const msgIds = new Set<string>();
    let entries = 0;
    for (let seq = stored.first_seq; seq <= stored.last_seq; seq++) {
      const m = await jsm.streams.getMessage(STREAM.name, { seq });
      if (!m) continue;
      for (const e of m.json<{ entries: { id: string; entry: { path: string } }[] }>().entries) {
        paths.add(e.entry.path);
        ids.add(e.id);
        entries++;
      }
      msgIds.add(m.header.get(HEADERS.msgId));
    }
    expect(entries).toBe(REQUESTS);
    expect(paths.size).toBe(REQUESTS);
    expect(ids.size).toBe(REQUESTS);
    expect(msgIds.size).toBe(stored.messages);
    expect(middleware.publisher.dropped).toBe(0);
    expect(errors).toEqual([]);
  }, 40_000);

  it('holds at most its capacity while NATS is down, counts the rest as dropped, and drains on flush', async () => {
    const nats = await ownServer();
    const nc = await connect({
      servers: nats.server().url,
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: STREAM.name,
      subjects: [...STREAM.subjects],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(STREAM.duplicateWindowMs),
    });
    const lost: string[] = [];
    const publisher = createAccessLogPublisher({
      js: jetstream(nc),
      capacity: 10,
      timeoutMs: 500,
      onLoss: (_m, reason) => lost.push(reason),
    });
    cleanups.push(() => publisher.close(500));
    const restarted = nats.restartAfter(1_500);
    await sleep(200); // the server is down now
    const ids = Array.from({ length: 15 }, (_, i) => publisher.publish(entry(i)));
    expect(ids.filter(Boolean)).toHaveLength(10);
    expect(publisher.dropped).toBe(5);
    expect(lost).toEqual(Array(5).fill('buffer_full'));
    expect(await publisher.flush(300)).toBe(false);
    await restarted;
    expect(await publisher.flush(10_000)).toBe(true);
    expect(await storedEntryCount(jsm)).toBe(10);
  }, 30_000);
});
