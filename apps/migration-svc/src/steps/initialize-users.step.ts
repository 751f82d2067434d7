import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { generatePassword, hashPassword } from './password-hash.js';
import type { StepResult } from './step-result.js';

export interface AdminSettings {
  /** Unset: no admin is created. */
  adminEmail?: string | undefined;
  /** Unset: a password is generated and shown once through `announce`. */
  adminPassword?: string | undefined;
  /**
   * Where a generated password goes. Not the logger: log pipelines keep and ship lines, and
   * the root logger redacts `password` anyway. @default a line on stdout
   */
  announce?: (line: string) => void;
}

export const ROLES = [
  { name: 'admin', description: 'Manages users, repositories and the platform' },
  { name: 'user', description: 'Registers repositories and reads wikis' },
] as const;

/**
 * Roles admin and user; the admin account from ADMIN_EMAIL (created once, given the admin
 * role if it already existed); the `user` role for every user that has none.
 */
export async function initializeUsers(
  db: DbClient,
  settings: AdminSettings,
  logger: Logger,
): Promise<StepResult> {
  const { sql } = db;
  const roles = await sql`
    insert into roles ${sql(ROLES.map((r) => ({ name: r.name, description: r.description })))}
    on conflict (name) do nothing returning id`;
  let changed = roles.count;

  if (settings.adminEmail) {
    const email = settings.adminEmail.toLowerCase();
    const [existing] = await sql`select 1 from users where email = ${email}`;
    // scrypt costs ~100 ms of CPU: only hash when the account is about to be created.
    const password = existing ? '' : (settings.adminPassword ?? generatePassword());
    const created = existing
      ? { count: 0 }
      : await sql`
          insert into users (name, email, password) values ('admin', ${email}, ${await hashPassword(password)})
          on conflict (email) do nothing returning id`;
    if (created.count > 0) {
      changed++;
      logger.info({ email }, 'admin user created');
      if (!settings.adminPassword) {
        (settings.announce ?? ((line) => process.stdout.write(`${line}\n`)))(
          `Generated password for admin ${email} (shown once, change it after signing in): ${password}`,
        );
      }
    }
    const granted = await sql`
      insert into user_in_roles (user_id, role_id)
      select u.id, r.id from users u, roles r where u.email = ${email} and r.name = 'admin'
      on conflict do nothing`;
    changed += granted.count;
  }

  const assigned = await sql`
    insert into user_in_roles (user_id, role_id)
    select u.id, r.id from users u, roles r
    where r.name = 'user' and not exists (select 1 from user_in_roles x where x.user_id = u.id)
    on conflict do nothing`;
  changed += assigned.count;
  return { step: 'initialize-users', changed };
}
