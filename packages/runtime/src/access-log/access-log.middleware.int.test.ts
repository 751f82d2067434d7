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
import { publishAccessLog } from './publish-access-log.js';

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
  msgId: string | undefined;
  taskId: string | undefined;
  userId: string | undefined;
}

async function storedEntries(): Promise<Stored[]> {
  const { state } = await jsm.streams.info(STREAM.name);
  const out: Stored[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(STREAM.name, { seq });
    if (!m) continue;
    out.push({
      entry: m.json<{ entry: Record<string, unknown> }>().entry,
      msgId: m.header.get(HEADERS.msgId),
      taskId: m.header.get(HEADERS.taskId),
      userId: m.header.get(HEADERS.userId) || undefined,
    });
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
    expect(stored!.userId).toBe('u-42');
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
