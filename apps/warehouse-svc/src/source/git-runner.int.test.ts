/** runGit against real git and real local servers: pinning, credential binding, output caps. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DumbHttpServer } from '../testing/dumb-http-server.js';
import { GitFixture } from '../testing/git-fixture.js';
import { runGit } from './git-runner.js';
import { GitCommandError } from './source.errors.js';
import type { RemoteLocation } from './url-policy.js';

const work = mkdtempSync(join(tmpdir(), 'repowiki-runner-'));
const served = join(work, 'served');
const dumb = new DumbHttpServer(served);
const dumb6 = new DumbHttpServer(served, '::1');
const repo = new GitFixture();
const seenAuth: string[] = [];
let authServer: Server;
let authPort = 0;

beforeAll(async () => {
  repo.write('a.txt', 'a\n').commit('a');
  repo.git('clone', '--quiet', '--bare', repo.dir, join(served, 'repo.git'));
  DumbHttpServer.prepare(join(served, 'repo.git'));
  await dumb.start();
  await dumb6.start();
  authServer = createServer((req, res) => {
    if (req.headers.authorization) seenAuth.push(req.headers.authorization);
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('denied');
  });
  await new Promise<void>((r) => authServer.listen(0, '127.0.0.1', r));
  authPort = (authServer.address() as { port: number }).port;
});

afterAll(async () => {
  await dumb.stop();
  await dumb6.stop();
  authServer.closeAllConnections();
  await new Promise((r) => authServer.close(r));
  repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function remote(url: string, addresses: string[]): RemoteLocation {
  const u = new URL(url);
  return {
    kind: 'remote',
    url,
    scheme: u.protocol.slice(0, -1),
    host: u.hostname,
    port: Number(u.port),
    addresses,
  };
}

describe('runGit', () => {
  it('connects to the pinned address, not to what DNS would say (no rebinding)', async () => {
    // `.invalid` never resolves: the clone can only work through the pinned address.
    const port = new URL(dumb.url('x')).port;
    const url = `http://repowiki-pinned.invalid:${port}/repo.git`;
    const target = join(work, 'pinned');
    await runGit(['clone', '--quiet', '--', url, target], {
      transport: remote(url, ['127.0.0.1']),
      timeoutMs: 20_000,
    });
    expect(existsSync(join(target, 'a.txt'))).toBe(true);
    expect(dumb.requests).toContain('/repo.git/info/refs');
  });

  it('pins IPv6 addresses too', async () => {
    const port = new URL(dumb6.url('x')).port;
    const url = `http://repowiki-pinned6.invalid:${port}/repo.git`;
    const target = join(work, 'pinned6');
    await runGit(['clone', '--quiet', '--', url, target], {
      transport: remote(url, ['::1']),
      timeoutMs: 20_000,
    });
    expect(existsSync(join(target, 'a.txt'))).toBe(true);
  });

  it('pins ssh to the checked address', async () => {
    const connections: Socket[] = [];
    const fakeSsh = createTcpServer((socket) => {
      connections.push(socket);
      socket.end('SSH-2.0-not-really\r\n');
    });
    await new Promise<void>((r) => fakeSsh.listen(0, '127.0.0.1', r));
    const port = (fakeSsh.address() as { port: number }).port;
    const url = `ssh://git@repowiki-pinned-ssh.invalid:${port}/x.git`;
    const error = await runGit(['clone', '--quiet', '--', url, join(work, 'ssh')], {
      transport: { ...remote(url, ['127.0.0.1']), port },
      timeoutMs: 20_000,
    }).then(
      () => undefined,
      (e: GitCommandError) => e,
    );
    for (const socket of connections) socket.destroy();
    await new Promise((r) => fakeSsh.close(r));
    expect(error).toBeInstanceOf(GitCommandError);
    expect(connections).toHaveLength(1);
  });

  it('answers credentials only to the host they belong to', async () => {
    const url = `http://127.0.0.1:${authPort}/acme/private.git`;
    const credential = { username: 'bot', password: 'tok-bound-1234' };
    const run = (location: RemoteLocation) =>
      runGit(['clone', '--quiet', '--', url, join(work, `auth-${Math.random()}`)], {
        transport: location,
        credential,
        timeoutMs: 20_000,
      }).then(
        () => undefined,
        (e: GitCommandError) => e,
      );
    // The same server reached under another origin (what a redirect or proxy would do).
    const elsewhere = { ...remote(url, ['127.0.0.1']), url: `http://127.0.0.1:${authPort + 1}/x.git` };
    const refused = await run(elsewhere);
    expect(refused?.failure).toBe('auth_failed');
    expect(seenAuth).toEqual([]);
    const answered = await run(remote(url, ['127.0.0.1']));
    expect(answered?.failure).toBe('auth_failed');
    expect(seenAuth).toEqual([`Basic ${Buffer.from('bot:tok-bound-1234').toString('base64')}`]);
  });

  it('refuses a transport it was not given (file:// when the remote is https)', async () => {
    const error = await runGit(['clone', '--quiet', '--', `file://${repo.dir}`, join(work, 'no-file')], {
      transport: remote('https://example.com/x.git', ['93.184.215.14']),
    }).then(
      () => undefined,
      (e: GitCommandError) => e,
    );
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error?.detail).toMatch(/transport 'file' not allowed/);
  });

  it('kills git when collected output passes the cap', async () => {
    const error = await runGit(['log', '--format=%H %s %an %ae %aI%n%n%n%n%n%n'], {
      cwd: repo.dir,
      maxStdoutBytes: 10,
    }).catch((e: GitCommandError) => e);
    expect(error).toMatchObject({
      failure: 'too_large',
      message: 'git log: output exceeded the limit of 10 bytes',
    });
  });
});
