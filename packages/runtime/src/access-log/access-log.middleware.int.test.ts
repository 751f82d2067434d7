import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { HEADERS, taskStream } from '@repowiki/contracts';
import { type NatsServerHandle, startNatsServer, waitFor } from '@repowiki/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../errors.js';
import { type AccessLogMiddlewareOptions, createAccessLogMiddleware } from './access-log.middleware.js';
import { createAccessLogPublisher } from './access-log-publisher.js';
import { publishAccessLog, publishAccessLogs } from './publish-access-log.js';

const STREAM = taskStream('accesslog');
/** What the route handler spends before answering /slow/… requests, ms. */
const SLOW_MS = 40;

// A private nats-server: the catalog subject is fixed, so the stream must not clash with other test files.
let server: NatsServerHandle;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url, noAsyncTraces: true });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: STREAM.name,
    subjects: [...STREAM.subjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(STREAM.duplicateWindowMs),
  });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});
beforeEach(async () => {
  await jsm.streams.purge(STREAM.name);
});

interface Stored {
  entry: Record<string, unknown>;
  /** The entry's own id (the row's message_id). */
  id: string;
  /** Its message's ids: one message may carry many entries. */
  msgId: string | undefined;
  taskId: string | undefined;
  seq: number;
}

/** Every entry in the stream, in order, with the ids of the message that carries it. */
async function storedEntries(): Promise<Stored[]> {
  const { state } = await jsm.streams.info(STREAM.name);
  const out: Stored[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(STREAM.name, { seq });
    if (!m) continue;
    for (const { id, entry } of m.json<{ entries: { id: string; entry: Record<string, unknown> }[] }>()
      .entries) {
      out.push({ entry, id, msgId: m.header.get(HEADERS.msgId), taskId: m.header.get(HEADERS.taskId), seq });
    }
  }
  return out;
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real HTTP server: the middleware, then a route that answers 200, 404 or slowly. */
async function startApp(options: Partial<AccessLogMiddlewareOptions> = {}): Promise<string> {
  const middleware = createAccessLogMiddleware({ js: jetstream(nc), ...options });
  const app = createServer((req: IncomingMessage, res: ServerResponse) => {
    middleware(req, res, () => {
      const reply = () => {
        res.statusCode = req.url?.includes('missing') ? 404 : 200;
        res.end('ok');
      };
      if (req.url?.startsWith('/slow/')) setTimeout(reply, SLOW_MS);
      else reply();
    });
  });
  servers.push(app);
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}

describe('access-log middleware', () => {
  it('publishes one entry per page request after the response, with resource, status and timing', async () => {
    const base = await startApp();
    const res = await fetch(`${base}/slow/wiki/guide/intro?tab=2`, {
      headers: { 'user-agent': 'it-browser', 'x-forwarded-for': '6.6.6.6' },
    });
    expect(res.status).toBe(200);

    const [stored, ...rest] = await waitFor(async () => {
      const s = await storedEntries();
      return s.length > 0 ? s : undefined;
    });
    expect(rest).toEqual([]);
    expect(stored!.entry).toMatchObject({
      resourceType: 'document',
      resourceId: 'slow/wiki/guide/intro',
      path: '/slow/wiki/guide/intro',
      method: 'GET',
      statusCode: 200,
      // No proxy is trusted by default: the spoofable header is ignored; the last octet is zeroed.
      ipAddress: '127.0.0.0',
      userAgent: 'it-browser',
      userId: null,
    });
    expect(stored!.entry.responseTime).toBeGreaterThanOrEqual(SLOW_MS - 1);
    expect(stored!.id).toBeTruthy();
    expect(stored!.msgId).toBeTruthy();
    expect(stored!.msgId).toBe(stored!.taskId);
  });

  it('skips static assets, probes and preflight requests but records errors', async () => {
    const base = await startApp();
    for (const path of ['/main.js', '/assets/logo.png', '/favicon.ico', '/healthz', '/acme/wiki/img/a.svg']) {
      expect((await fetch(base + path)).status).toBe(200);
    }
    expect((await fetch(`${base}/acme/wiki`, { method: 'OPTIONS' })).status).toBe(200);
    expect((await fetch(`${base}/acme/missing`)).status).toBe(404);

    const stored = await waitFor(async () => {
      const s = await storedEntries();
      return s.length > 0 ? s : undefined;
    });
    // Publishes are asynchronous: give any stray one time to land before counting.
    await new Promise((r) => setTimeout(r, 150));
    expect(await storedEntries()).toHaveLength(1);
    expect(stored[0]!.entry).toMatchObject({
      resourceType: 'repository',
      resourceId: 'acme/missing',
      statusCode: 404,
    });
  });

  it('trusts forwarding headers only from configured proxies and records the signed-in user', async () => {
    const base = await startApp({
      trustProxy: ['loopback'],
      ipAnonymization: false,
      resolveUserId: (req) => (req.headers['x-test-user'] as string | undefined) ?? null,
    });
    await fetch(`${base}/acme/wiki`, {
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7', 'x-test-user': 'u-42' },
    });
    const [stored] = await waitFor(async () => {
      const s = await storedEntries();
      return s.length === 1 ? s : undefined;
    });
    expect(stored!.entry).toMatchObject({ ipAddress: '198.51.100.7', userId: 'u-42' });
  });

  it('reads only the header the proxy writes: a client cannot choose its address through Forwarded or X-Real-IP', async () => {
    // The proxy (here: loopback) appends the peer it saw to X-Forwarded-For and passes the
    // client's other headers on unchanged.
    const viaXff = await startApp({ trustProxy: ['loopback'], ipAnonymization: false });
    await fetch(`${viaXff}/acme/spoof-forwarded`, {
      headers: { 'x-forwarded-for': '198.51.100.7', forwarded: 'for=6.6.6.6', 'x-real-ip': '7.7.7.7' },
    });
    await fetch(`${viaXff}/acme/spoof-real-ip`, { headers: { 'x-real-ip': '7.7.7.7' } });
    // A proxy that writes RFC 7239 Forwarded instead.
    const viaForwarded = await startApp({
      trustProxy: ['loopback'],
      clientIpHeader: 'forwarded',
      ipAnonymization: false,
    });
    await fetch(`${viaForwarded}/acme/forwarded`, {
      headers: { forwarded: 'for="[2001:db8::9]:1234"', 'x-forwarded-for': '6.6.6.6' },
    });
    const stored = await waitFor(async () => {
      const s = await storedEntries();
      return s.length === 3 ? s : undefined;
    });
    const ipOf = Object.fromEntries(stored.map((s) => [s.entry.resourceId, s.entry.ipAddress]));
    expect(ipOf).toEqual({
      'acme/spoof-forwarded': '198.51.100.7',
      'acme/spoof-real-ip': '127.0.0.1',
      'acme/forwarded': '2001:db8::9',
    });
  });

  it('publishes client addresses truncated to /24 and /48 by default', async () => {
    const base = await startApp({ trustProxy: ['loopback'] });
    await fetch(`${base}/acme/v4`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    await fetch(`${base}/acme/v6`, { headers: { 'x-forwarded-for': '2001:db8:1:2::7' } });
    const stored = await waitFor(async () => {
      const s = await storedEntries();
      return s.length === 2 ? s : undefined;
    });
    const ipOf = Object.fromEntries(stored.map((s) => [s.entry.resourceId, s.entry.ipAddress]));
    expect(ipOf).toEqual({ 'acme/v4': '198.51.100.0', 'acme/v6': '2001:db8:1::' });
    // No copy of the whole address anywhere in the published message.
    for (const s of stored) expect(JSON.stringify(s)).not.toMatch(/198\.51\.100\.7|2001:db8:1:2::7/);
  });

  it('answers normally and reports the error when NATS is unavailable', async () => {
    const broken = await connect({ servers: server.url, noAsyncTraces: true });
    const js = jetstream(broken);
    await broken.close();
    const errors: unknown[] = [];
    const base = await startApp({ js, onError: (e) => errors.push(e) });
    const res = await fetch(`${base}/acme/wiki`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    await waitFor(() => errors.length === 1);
    expect(await storedEntries()).toEqual([]);
  });
});

describe('publishAccessLog', () => {
  const entry = {
    resourceType: 'repository',
    resourceId: 'acme/wiki',
    ipAddress: '203.0.113.9',
    path: '/acme/wiki',
    method: 'GET',
    statusCode: 200,
    responseTime: 3,
    occurredAt: new Date().toISOString(),
  };

  it('a re-publish with the same task id is dropped by the stream', async () => {
    const js = jetstream(nc);
    const first = await publishAccessLog(js, entry, { taskId: 'access-1' });
    const again = await publishAccessLog(js, entry, { taskId: 'access-1' });
    expect(first).toMatchObject({ taskId: 'access-1', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    const stored = await storedEntries();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: 'access-1', msgId: 'access-1' });
    // Schema defaults are applied before publishing.
    expect(stored[0]!.entry).toMatchObject({ ...entry, userId: null, userAgent: '' });
  });

  it('refuses an invalid entry without publishing', async () => {
    await expect(publishAccessLog(jetstream(nc), { ...entry, statusCode: 42 })).rejects.toThrow(
      InvalidPayloadError,
    );
    expect(await storedEntries()).toEqual([]);
  });
});

describe('createAccessLogPublisher batching', () => {
  const view = (i: number) => ({
    resourceType: 'repository',
    resourceId: 'acme/wiki',
    ipAddress: '203.0.113.0',
    path: `/acme/wiki/p${i}`,
    method: 'GET',
    statusCode: 200,
    responseTime: 1,
    occurredAt: new Date().toISOString(),
  });

  it('collects the page views of one linger into one message, each entry with its own id', async () => {
    const publisher = createAccessLogPublisher({ js: jetstream(nc), lingerMs: 150 });
    try {
      const started = Date.now();
      const ids = [0, 1, 2, 3, 4].map((i) => publisher.publish(view(i)));
      expect(new Set(ids).size).toBe(5);
      expect(publisher.pending).toBe(5);
      // Nothing leaves before the linger: the first view waits for company.
      await new Promise((r) => setTimeout(r, 60));
      expect(await storedEntries()).toEqual([]);
      const stored = await waitFor(async () => {
        const s = await storedEntries();
        return s.length === 5 ? s : undefined;
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(new Set(stored.map((s) => s.seq)).size).toBe(1);
      expect(stored.map((s) => s.id)).toEqual(ids);
      expect(stored.map((s) => s.entry.path)).toEqual([0, 1, 2, 3, 4].map((i) => `/acme/wiki/p${i}`));
      expect(stored[0]!.msgId).not.toBe(ids[0]);
      // A later view goes in a message of its own, after its own linger.
      const late = publisher.publish(view(5));
      const all = await waitFor(async () => {
        const s = await storedEntries();
        return s.length === 6 ? s : undefined;
      });
      expect(all[5]).toMatchObject({ id: late });
      expect(all[5]!.seq).not.toBe(all[0]!.seq);
      expect(publisher.pending).toBe(0);
    } finally {
      await publisher.close(1_000);
    }
  });

  it('sends a full message at once, without waiting for the linger, and splits by size', async () => {
    const publisher = createAccessLogPublisher({ js: jetstream(nc), lingerMs: 60_000, maxEntries: 4 });
    try {
      for (let i = 0; i < 10; i++) publisher.publish(view(i));
      // Two full messages left at once; the last two entries wait for the linger (60 s) or a flush.
      const stored = await waitFor(async () => {
        const s = await storedEntries();
        return s.length === 8 ? s : undefined;
      });
      expect(new Set(stored.map((s) => s.seq)).size).toBe(2);
      expect(publisher.pending).toBe(2);
      expect(await publisher.flush(2_000)).toBe(true);
      expect(await storedEntries()).toHaveLength(10);
    } finally {
      await publisher.close(1_000);
    }
    const bySize = createAccessLogPublisher({ js: jetstream(nc), lingerMs: 60_000, maxMessageChars: 1_000 });
    try {
      for (let i = 0; i < 10; i++) bySize.publish(view(i));
      await bySize.flush(2_000);
      const stored = await storedEntries();
      expect(stored).toHaveLength(20);
      const messages = new Set(stored.slice(10).map((s) => s.seq));
      expect(messages.size).toBeGreaterThan(1);
      for (const seq of messages) {
        const m = await jsm.streams.getMessage(STREAM.name, { seq });
        expect(m!.data.length).toBeLessThanOrEqual(1_000);
      }
    } finally {
      await bySize.close(1_000);
    }
  });

  it('publishAccessLogs sends several entries in one message and refuses the lot if one is invalid', async () => {
    const js = jetstream(nc);
    const { ids } = await publishAccessLogs(js, [{ id: 'a-1', entry: view(1) }, { entry: view(2) }]);
    expect(ids[0]).toBe('a-1');
    expect((await storedEntries()).map((s) => s.id)).toEqual(ids);
    await expect(
      publishAccessLogs(js, [{ entry: view(3) }, { entry: { ...view(4), method: '' } }]),
    ).rejects.toThrow(InvalidPayloadError);
    expect(await storedEntries()).toHaveLength(2);
  });
});
