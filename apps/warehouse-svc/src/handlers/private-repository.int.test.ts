/**
 * A private repository behind HTTP Basic authentication (what GitHub and GitLab answer), with
 * the credential an operator mounts: a git-credential-store file named by GIT_CREDENTIALS_FILE,
 * parsed by the service's own env schema and loader. The clone works; the token reaches the
 * server through askpass only, and is nowhere in the clone, the database, the logs or errors.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '@repowiki/runtime';
import { test } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { loadGitCredentials } from '../config/git-credentials.js';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { envSchema } from '../env.js';
import { DumbHttpServer } from '../testing/dumb-http-server.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

const TOKEN = 'ghp_pr1vate-T0ken-4a1b';
const work = mkdtempSync(join(tmpdir(), 'repowiki-private-'));
const served = join(work, 'served');
const reposDir = join(work, 'clones');
const server = new DumbHttpServer(served, '127.0.0.1', { username: 'x-access-token', password: TOKEN });
const repo = new GitFixture();

beforeAll(async () => {
  repo.write('README.md', '# Private\n').write('src/app.py', 'def main():\n    return 1\n').commit('init');
  repo.git('clone', '--quiet', '--bare', repo.dir, join(served, 'private.git'));
  DumbHttpServer.prepare(join(served, 'private.git'));
  await server.start();
});

afterAll(async () => {
  await server.stop();
  repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** The service's configuration from its environment, as main.ts builds it. */
function configFrom(env: Record<string, string>) {
  const parsed = parseEnv(envSchema, { ...env, REPOSITORIES_DIR: reposDir });
  return createWarehouseConfig({
    repositoriesDir: reposDir,
    allowedSchemes: parsed.ALLOWED_GIT_SCHEMES,
    allowedPrivateHosts: parsed.ALLOWED_PRIVATE_GIT_HOSTS,
    gitCredentials: loadGitCredentials(parsed),
  });
}

const ENV = { ALLOWED_GIT_SCHEMES: 'https,http', ALLOWED_PRIVATE_GIT_HOSTS: '127.0.0.1' };

describe('private repositories', () => {
  test('clone with the token from GIT_CREDENTIALS_FILE; the token is stored and logged nowhere', async ({
    dbClient,
  }) => {
    const file = join(work, 'git-credentials');
    writeFileSync(
      file,
      `# mounted from a Secret\nhttp://x-access-token:${encodeURIComponent(TOKEN)}@127.0.0.1\n`,
      {
        mode: 0o400,
      },
    );
    const config = configFrom({ ...ENV, GIT_CREDENTIALS_FILE: file });
    const id = await insertWarehouse(dbClient, { address: server.url('private.git') });
    const ctx = createTestContext(dbClient, 'tasks.warehouse.process');
    await processWarehouse({ warehouseId: id }, ctx, config);
    const [row] = await dbClient.sql`select * from warehouses where id = ${id}`;
    expect(row?.status).toBe('completed');
    expect(existsSync(join(reposDir, id, 'src', 'app.py'))).toBe(true);
    // git asked, askpass answered for this host only, the server saw the credential.
    expect(server.authorizations).toContain(
      `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
    );
    // Not in the clone (remote URL, config), the ledger of the warehouse, the logs.
    expect(readFileSync(join(reposDir, id, '.git', 'config'), 'utf8')).not.toContain(TOKEN);
    expect(
      execFileSync('git', ['remote', '-v'], { cwd: join(reposDir, id), encoding: 'utf8' }),
    ).not.toContain('x-access-token');
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(ctx.recorded.logs.join('\n')).not.toContain(TOKEN);
    const [leak] =
      await dbClient.sql`select count(*)::int as n from warehouses w where w::text like ${`%${TOKEN}%`}`;
    expect(leak?.n).toBe(0);
  });

  test('GIT_CREDENTIALS (a variable from a secretKeyRef) works the same; a wrong token fails the clone', async ({
    dbClient,
  }) => {
    const good = configFrom({ ...ENV, GIT_CREDENTIALS: `http://x-access-token:${TOKEN}@127.0.0.1` });
    const ok = await insertWarehouse(dbClient, { address: server.url('private.git') });
    await processWarehouse({ warehouseId: ok }, createTestContext(dbClient, 'tasks.warehouse.process'), good);
    expect((await dbClient.sql`select status from warehouses where id = ${ok}`)[0]?.status).toBe('completed');

    const bad = configFrom({ ...ENV, GIT_CREDENTIALS: 'http://x-access-token:expired@127.0.0.1' });
    const denied = await insertWarehouse(dbClient, { address: server.url('private.git') });
    const error = await processWarehouse(
      { warehouseId: denied },
      createTestContext(dbClient, 'tasks.warehouse.process'),
      bad,
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('NonRetriableError');
    const [row] = await dbClient.sql`select status, error from warehouses where id = ${denied}`;
    expect(row).toMatchObject({ status: 'failed' });
    expect(row?.error).toMatch(/authentication failed/i);
  });

  test('bad credential sources stop start-up naming the variable and the line, never the text', () => {
    const file = join(work, 'broken');
    writeFileSync(file, `https://x-access-token:${TOKEN}@github.com\n${TOKEN}\n`);
    const attempts: [Record<string, string>, RegExp][] = [
      [{ GIT_CREDENTIALS_FILE: file }, /GIT_CREDENTIALS_FILE: line 2: expected https:\/\/user:token@host/],
      [{ GIT_CREDENTIALS_FILE: join(work, 'missing') }, /GIT_CREDENTIALS_FILE: cannot read the file/],
      [
        { GIT_CREDENTIALS: `https://${TOKEN}@github.com` },
        /GIT_CREDENTIALS: line 1: expected a user name and a token/,
      ],
      [
        {
          GIT_CREDENTIALS: `https://a:${TOKEN}@github.com https://b:${TOKEN}@GitHub.com`,
        },
        /GIT_CREDENTIALS: line 2: a second credential for github.com/,
      ],
    ];
    for (const [env, message] of attempts) {
      let error: Error | undefined;
      try {
        parseEnv(envSchema, env);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(TOKEN);
    }
  });
});
