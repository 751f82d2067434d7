/**
 * Issue 12 finding 3: a warehouse address must not make warehouse-svc connect to loopback,
 * private, link-local or metadata addresses (unless an operator allows a self-hosted
 * server), follow redirects elsewhere, or report what it found there.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { DumbHttpServer } from '../testing/dumb-http-server.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const served = mkdtempSync(join(tmpdir(), 'repowiki-served-'));
const dumb = new DumbHttpServer(served);
const repo = new GitFixture();
/** The "internal service": counts every TCP connection it receives. */
let internal: Server;
let internalPort = 0;
let internalConnections = 0;
/** A server that redirects every request to the internal service. */
let redirector: Server;
let redirectorPort = 0;
/** Open ports that are not git servers: a web server answering 404, a TCP service that hangs up. */
let notGit: Server;
let notGitPort = 0;
let hangUp: TcpServer;
let hangUpPort = 0;
const hangUpSockets = new Set<Socket>();

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  internal = createServer((_req, res) => res.writeHead(200).end('internal secrets'));
  internal.on('connection', () => internalConnections++);
  internalPort = await listen(internal);
  redirector = createServer((req, res) =>
    res.writeHead(301, { Location: `http://127.0.0.1:${internalPort}${req.url}` }).end(),
  );
  redirectorPort = await listen(redirector);
  notGit = createServer((_req, res) =>
    res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>no</h1>'),
  );
  notGitPort = await listen(notGit);
  hangUp = createTcpServer((socket) => {
    hangUpSockets.add(socket);
    socket.end('SSH-2.0-OpenSSH_9.2\r\n');
  });
  await new Promise<void>((r) => hangUp.listen(0, '127.0.0.1', r));
  hangUpPort = (hangUp.address() as { port: number }).port;
  repo.write('lib/a.py', 'def self_hosted():\n    pass\n').commit('a');
  repo.git('clone', '--quiet', '--bare', repo.dir, join(served, 'repo.git'));
  DumbHttpServer.prepare(join(served, 'repo.git'));
  await dumb.start();
});

afterAll(async () => {
  for (const s of [internal, redirector, notGit]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  for (const socket of hangUpSockets) socket.destroy();
  await new Promise((r) => hangUp.close(r));
  await dumb.stop();
  repo.cleanup();
  for (const d of [reposDir, served]) rmSync(d, { recursive: true, force: true });
});

const base = {
  repositoriesDir: reposDir,
  allowedSchemes: ['https', 'http', 'ssh'],
  cloneTimeoutMs: 5_000,
} satisfies Partial<WarehouseConfig>;

async function run(
  dbClient: Parameters<typeof insertWarehouse>[0],
  address: string,
  config: WarehouseConfig,
) {
  const id = await insertWarehouse(dbClient, { address });
  const ctx = createTestContext(dbClient, 'tasks.warehouse.process');
  const result = await processWarehouse({ warehouseId: id }, ctx, config).then(
    (r) => ({ ok: r }),
    (e: Error) => ({ error: e }),
  );
  const [row] = await dbClient.sql`select status, error from warehouses where id = ${id}`;
  return { id, result, row, logs: ctx.recorded.logs.join('\n') };
}

describe('SSRF', () => {
  test('loopback, private, link-local, metadata and other non-public addresses are refused before git connects', async ({
    dbClient,
  }) => {
    const config = createWarehouseConfig(base);
    const addresses = [
      `http://127.0.0.1:${internalPort}/x.git`,
      `http://localhost:${internalPort}/x.git`,
      `http://[::ffff:127.0.0.1]:${internalPort}/x.git`,
      `http://2130706433:${internalPort}/x.git`,
      `ssh://git@127.0.0.1:${internalPort}/x.git`,
      'git@127.0.0.1:acme/x.git',
      'http://[::1]/x.git',
      'http://169.254.169.254/latest/meta-data/x.git',
      'http://[fd00:ec2::254]/x.git',
      'https://10.0.0.1/x.git',
      'https://172.16.5.4/x.git',
      'https://192.168.1.1/x.git',
      'https://100.64.0.1/x.git',
      'https://[fe80::1]/x.git',
      'https://[fc00::1]/x.git',
      'https://0.0.0.0/x.git',
      'https://224.0.0.1/x.git',
      'https://[64:ff9b::a00:1]/x.git',
    ];
    for (const address of addresses) {
      const started = Date.now();
      const { id, row, result } = await run(dbClient, address, config);
      expect(row?.status, address).toBe('failed');
      expect(row?.error, address).toMatch(/not a public address|not allowed/);
      expect('error' in result && result.error.name, address).toBe('NonRetriableError');
      expect(Date.now() - started, address).toBeLessThan(4_000);
      expect(existsSync(join(reposDir, id))).toBe(false);
    }
    expect(internalConnections).toBe(0);
  });

  test('git:// is not accepted unless configured', async ({ dbClient }) => {
    const { row } = await run(
      dbClient,
      'git://example.com/acme/x.git',
      createWarehouseConfig({ repositoriesDir: reposDir }),
    );
    expect(row).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/scheme "git" is not allowed/),
    });
  });

  test('a self-hosted server on an allowed private address is cloned; a redirect from it is not followed', async ({
    dbClient,
  }) => {
    const byHost = createWarehouseConfig({ ...base, allowedPrivateHosts: ['127.0.0.1'] });
    const byCidr = createWarehouseConfig({ ...base, allowedPrivateHosts: ['127.0.0.0/8'] });
    for (const config of [byHost, byCidr]) {
      const { row } = await run(dbClient, dumb.url('repo.git'), config);
      expect(row).toMatchObject({ status: 'completed', error: null });
    }
    const before = internalConnections;
    const { row } = await run(dbClient, `http://127.0.0.1:${redirectorPort}/acme/x.git`, byCidr);
    expect(row?.status).toBe('failed');
    expect(internalConnections).toBe(before);
  });

  test('users see one generic error for a closed port and open non-git ports; details go to the logs', async ({
    dbClient,
  }) => {
    const config = createWarehouseConfig({ ...base, allowedPrivateHosts: ['127.0.0.1'] });
    const closed = await run(dbClient, 'http://127.0.0.1:1/x.git', config);
    const web = await run(dbClient, `http://127.0.0.1:${notGitPort}/x.git`, config);
    const other = await run(dbClient, `http://127.0.0.1:${hangUpPort}/x.git`, config);
    for (const open of [web, other]) {
      expect(open.row?.status).toBe('failed');
      expect(open.row?.error).toBe(closed.row?.error);
      expect(open.logs).not.toMatch(/Failed to connect|Could not connect|Connection refused/i);
    }
    expect(closed.row?.error).toMatch(/repository not reachable/);
    expect(closed.row?.error).not.toMatch(/127\.0\.0\.1|connect|refused|404/i);
    // What git said is kept for operators.
    expect(closed.logs).toMatch(/Failed to connect|Could not connect|Connection refused/i);
    expect(web.logs).toMatch(/repository '.*' not found/);
  });
});
