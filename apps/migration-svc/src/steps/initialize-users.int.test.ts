import { test } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { initializeUsers } from './initialize-users.step.js';
import { verifyPassword } from './password-hash.js';

const logger = pino({ level: 'silent' });

async function rolesOf(sql: import('@repowiki/db').DbClient['sql'], email: string): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select r.name from users u join user_in_roles x on x.user_id = u.id join roles r on r.id = x.role_id
    where u.email = ${email} order by r.name`;
  return rows.map((r) => r.name);
}

describe('initialize-users', () => {
  test('creates roles, an admin with a generated password shown once, and gives role-less users "user"', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    await sql`insert into users (name, email, password) values ('old', 'old@example.com', 'x')`;
    const lines: string[] = [];
    const settings = { adminEmail: 'Admin@Example.com', announce: (l: string) => lines.push(l) };

    const first = await initializeUsers(dbClient, settings, logger);
    // 2 roles + admin created + admin role + "user" for the old account.
    expect(first).toEqual({ step: 'initialize-users', changed: 5 });
    expect(lines).toHaveLength(1);
    const password = /: (\S+)$/.exec(lines[0]!)?.[1];
    const [admin] = await sql<
      { password: string }[]
    >`select password from users where email = 'admin@example.com'`;
    expect(await verifyPassword(password!, admin!.password)).toBe(true);
    expect(await rolesOf(sql, 'admin@example.com')).toEqual(['admin']);
    expect(await rolesOf(sql, 'old@example.com')).toEqual(['user']);

    expect(await initializeUsers(dbClient, settings, logger)).toEqual({
      step: 'initialize-users',
      changed: 0,
    });
    expect(lines).toHaveLength(1); // never printed again
  });

  test('uses ADMIN_PASSWORD when given and promotes an existing account', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`insert into users (name, email, password) values ('boss', 'boss@example.com', 'x')`;
    const lines: string[] = [];
    await initializeUsers(
      dbClient,
      { adminEmail: 'boss@example.com', adminPassword: 'given-secret', announce: (l) => lines.push(l) },
      logger,
    );
    expect(lines).toEqual([]);
    expect(await rolesOf(sql, 'boss@example.com')).toEqual(['admin']);
    // The existing account keeps its password: the step never overwrites credentials.
    const [row] = await sql<
      { password: string }[]
    >`select password from users where email = 'boss@example.com'`;
    expect(row?.password).toBe('x');

    await initializeUsers(
      dbClient,
      { adminEmail: 'new-admin@example.com', adminPassword: 'given-secret', announce: (l) => lines.push(l) },
      logger,
    );
    const [created] = await sql<
      { password: string }[]
    >`select password from users where email = 'new-admin@example.com'`;
    expect(await verifyPassword('given-secret', created!.password)).toBe(true);
    expect(lines).toEqual([]);
  });

  test('without ADMIN_EMAIL creates no admin', async ({ dbClient }) => {
    await dbClient.sql`truncate users cascade`;
    await initializeUsers(dbClient, {}, logger);
    const [row] = await dbClient.sql<{ n: number }[]>`select count(*)::int as n from users`;
    expect(row?.n).toBe(0);
  });
});
