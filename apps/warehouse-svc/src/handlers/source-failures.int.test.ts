import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

const TOKEN = 'tok-s3cr3t-9f8e7d';
const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
let httpServer: Server;
let silentServer: TcpServer;
const sockets = new Set<Socket>();
const seenAuth: string[] = [];
let httpPort = 0;
let silentPort = 0;

beforeAll(async () => {
  // git smart-HTTP sees a real 401 and asks GIT_ASKPASS for credentials.
  httpServer = createServer((req, res) => {
    if (req.headers.authorization) seenAuth.push(req.headers.authorization);
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('denied');
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  httpPort = (httpServer.address() as { port: number }).port;
  // Accepts and never answers: the clone can only end by our timeout.
  silentServer = createTcpServer((s) => sockets.add(s));
  await new Promise<void>((r) => silentServer.listen(0, '127.0.0.1', r));
  silentPort = (silentServer.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silentServer.close(r));
  await new Promise((r) => httpServer.close(r));
  rmSync(reposDir, { recursive: true, force: true });
});

const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowedSchemes: ['https', 'ssh', 'git', 'http'],
  // The test servers listen on loopback, like a self-hosted server an operator allows.
  allowedPrivateHosts: ['127.0.0.1'],
  gitCredentials: { '127.0.0.1': { username: 'bot', password: TOKEN } },
  cloneTimeoutMs: 1_500,
});

async function runAndRead(dbClient: Parameters<typeof insertWarehouse>[0], address: string) {
  const id = await insertWarehouse(dbClient, { address });
  const ctx = createTestContext(dbClient, 'tasks.warehouse.process');
  const error = await processWarehouse({ warehouseId: id }, ctx, config).then(
    () => undefined,
    (e: Error) => e,
  );
  const [row] = await dbClient.sql`select * from warehouses where id = ${id}`;
  return { id, error, row, ctx };
}

describe('process: failing sources', () => {
  test('an authentication failure ends FAILED, leaves no clone and never leaks the credential', async ({
    dbClient,
  }) => {
    // A private TMPDIR for this run (os.tmpdir() reads it per call; test files run in their
    // own processes), so the askpass helper's cleanup is checked without other files' noise.
    const privateTmp = mkdtempSync(join(tmpdir(), 'rw-askpass-check-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    const { id, error, row, ctx } = await runAndRead(
      dbClient,
      `http://127.0.0.1:${httpPort}/acme/private.git`,
    ).finally(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    });
    expect(row).toMatchObject({ status: 'failed' });
    expect(row?.error).toMatch(/authentication failed/i);
    expect(error?.name).toBe('NonRetriableError');
    expect(existsSync(join(reposDir, id))).toBe(false);
    // git really sent the configured credential (through askpass), yet it is nowhere else.
    expect(seenAuth).toContain(`Basic ${Buffer.from(`bot:${TOKEN}`).toString('base64')}`);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(ctx.recorded.logs.join('\n')).not.toContain(TOKEN);
    expect(error?.message).not.toContain(TOKEN);
    const [leak] =
      await dbClient.sql`select count(*)::int as n from warehouses w where w::text like ${`%${TOKEN}%`}`;
    expect(leak?.n).toBe(0);
    expect(readdirSync(privateTmp).filter((f) => f.startsWith('repowiki-askpass-'))).toEqual([]);
    rmSync(privateTmp, { recursive: true, force: true });
  });

  test('a clone that stalls is killed at the timeout, ends FAILED and leaves no directory', async ({
    dbClient,
  }) => {
    const started = Date.now();
    const { id, row } = await runAndRead(dbClient, `http://127.0.0.1:${silentPort}/acme/slow.git`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(row).toMatchObject({ status: 'failed' });
    expect(row?.error).toMatch(/timed out after 1500 ms/);
    expect(existsSync(join(reposDir, id))).toBe(false);
  });

  test('an unreachable repository and a malformed address end FAILED with a clear error', async ({
    dbClient,
  }) => {
    const unreachable = await runAndRead(dbClient, 'http://127.0.0.1:1/nothing.git');
    expect(unreachable.row).toMatchObject({ status: 'failed' });
    expect(unreachable.row?.error).toMatch(/repository not reachable/);
    expect(existsSync(join(reposDir, unreachable.id))).toBe(false);

    const malformed = await runAndRead(dbClient, 'not a repository');
    expect(malformed.row?.error).toMatch(/neither a URL nor a local path/);
  });

  test('option injection, remote helpers, embedded credentials and local paths are refused before git runs', async ({
    dbClient,
  }) => {
    const marker = join(reposDir, 'pwned');
    const cases: [string, RegExp][] = [
      [`--upload-pack=touch ${marker}`, /must not start with "-"/],
      [`ext::sh -c touch% ${marker}`, /remote helpers/],
      [`https://bot:${TOKEN}@127.0.0.1/acme/x.git`, /must not carry credentials/],
      ['/etc', /local repositories are disabled/],
      ['ftp://127.0.0.1/x.git', /scheme "ftp" is not allowed/],
    ];
    for (const [address, reason] of cases) {
      const { id, row } = await runAndRead(dbClient, address);
      expect(row?.status, address).toBe('failed');
      expect(row?.error, address).toMatch(reason);
      expect(row?.error).not.toContain(TOKEN);
      expect(existsSync(join(reposDir, id))).toBe(false);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test('a token in the address (https://TOKEN@host) is refused and not kept in the stored address', async ({
    dbClient,
  }) => {
    for (const address of [
      `https://${TOKEN}@github.com/acme/x.git`,
      `https://bot:${TOKEN}@github.com/acme/x.git`,
    ]) {
      const { id, row, ctx } = await runAndRead(dbClient, address);
      expect(row?.status).toBe('failed');
      expect(row?.error).toMatch(/must not carry credentials/);
      expect(row?.address).toBe('https://***@github.com/acme/x.git');
      expect(ctx.recorded.logs.join('\n')).not.toContain(TOKEN);
      const [leak] =
        await dbClient.sql`select count(*)::int as n from warehouses w where w.id = ${id} and w::text like ${`%${TOKEN}%`}`;
      expect(leak?.n).toBe(0);
    }
  });
});
