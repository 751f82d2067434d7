import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import pino from 'pino';
import { afterAll, describe, expect, vi } from 'vitest';
import { initializeUsers } from './initialize-users.step.js';
import { verifyPassword } from './password-hash.js';

const logger = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'rw-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rolesOf(sql: import('@repowiki/db').DbClient['sql'], email: string): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select r.name from users u join user_in_roles x on x.user_id = u.id join roles r on r.id = x.role_id
    where u.email = ${email} order by r.name`;
  return rows.map((r) => r.name);
}

describe('initialize-users', () => {
  test('creates roles, an admin whose generated password goes to a 0600 file — never to the log or stdout — and gives role-less users "user"', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    await sql`insert into users (name, email, password) values ('old', 'old@example.com', 'x')`;
    const logs: string[] = [];
    const logged = pino({ level: 'trace' }, { write: (line: string) => logs.push(line) });
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const file = join(dir, 'secrets', 'admin-password');
    const settings = { adminEmail: 'Admin@Example.com', generatedPasswordFile: file };

    let first: Awaited<ReturnType<typeof initializeUsers>>;
    try {
      first = await initializeUsers(dbClient, settings, logged);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    // 2 roles + admin created + admin role + "user" for the old account.
    expect(first).toEqual({ step: 'initialize-users', changed: 5 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    const [admin] = await sql<
      { password: string }[]
    >`select password from users where email = 'admin@example.com'`;
    expect(await verifyPassword(password, admin!.password)).toBe(true);
    for (const call of [...stdout.mock.calls, ...stderr.mock.calls])
      expect(String(call[0])).not.toContain(password);
    expect(logs.join('')).not.toContain(password);
    // The log says where to look.
    expect(logs.join('')).toContain(file);
    expect(await rolesOf(sql, 'admin@example.com')).toEqual(['admin']);
    expect(await rolesOf(sql, 'old@example.com')).toEqual(['user']);

    rmSync(file);
    expect(await initializeUsers(dbClient, settings, logger)).toEqual({
      step: 'initialize-users',
      changed: 0,
    });
    expect(existsSync(file)).toBe(false); // never written again
  });

  test('uses ADMIN_PASSWORD when given and promotes an existing account', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`insert into users (name, email, password) values ('boss', 'boss@example.com', 'x')`;
    const file = join(dir, 'given', 'admin-password');
    await initializeUsers(
      dbClient,
      { adminEmail: 'boss@example.com', adminPassword: 'given-secret', generatedPasswordFile: file },
      logger,
    );
    expect(existsSync(file)).toBe(false);
    expect(await rolesOf(sql, 'boss@example.com')).toEqual(['admin']);
    // The existing account keeps its password: the step never overwrites credentials.
    const [row] = await sql<
      { password: string }[]
    >`select password from users where email = 'boss@example.com'`;
    expect(row?.password).toBe('x');

    await initializeUsers(
      dbClient,
      { adminEmail: 'new-admin@example.com', adminPassword: 'given-secret', generatedPasswordFile: file },
      logger,
    );
    const [created] = await sql<
      { password: string }[]
    >`select password from users where email = 'new-admin@example.com'`;
    expect(await verifyPassword('given-secret', created!.password)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  test('without ADMIN_EMAIL creates no admin', async ({ dbClient }) => {
    await dbClient.sql`truncate users cascade`;
    await initializeUsers(dbClient, {}, logger);
    const [row] = await dbClient.sql<{ n: number }[]>`select count(*)::int as n from users`;
    expect(row?.n).toBe(0);
  });
});
