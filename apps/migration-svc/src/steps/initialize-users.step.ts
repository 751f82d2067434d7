import { rm } from 'node:fs/promises';
import type { DbClient } from '@repowiki/db';
import { NonRetriableError } from '@repowiki/runtime';
import type { Logger } from 'pino';
import { generatePassword, hashPassword } from './password-hash.js';
import { writeSecretFile } from './secret-file.js';
import type { StepResult } from './step-result.js';

export interface AdminSettings {
  /** Unset: no admin is created. */
  adminEmail?: string | undefined;
  /** Unset: a password is generated and written to `generatedPasswordFile`. */
  adminPassword?: string | undefined;
  /**
   * ADMIN_GENERATED_PASSWORD_FILE: where a generated password is written, mode 0600. Never a
   * log line or stdout: in a container both are the log, which is kept and shipped.
   */
  generatedPasswordFile?: string | undefined;
}

function generatedPasswordFile(settings: AdminSettings): string {
  if (!settings.generatedPasswordFile) {
    throw new NonRetriableError('set ADMIN_PASSWORD, or ADMIN_GENERATED_PASSWORD_FILE for a generated one', {
      code: 'no_admin_password',
    });
  }
  return settings.generatedPasswordFile;
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
    if (!existing) {
      const passwordFile = settings.adminPassword ? undefined : generatedPasswordFile(settings);
      const password = settings.adminPassword ?? generatePassword();
      // scrypt costs ~100 ms of CPU: only hash when the account is about to be created.
      const hash = await hashPassword(password);
      // The file first: an admin whose password nobody can read must not be created.
      if (passwordFile) await writeSecretFile(passwordFile, `${password}\n`);
      const created = await sql`
        insert into users (name, email, password) values ('admin', ${email}, ${hash})
        on conflict (email) do nothing returning id`;
      if (created.count > 0) {
        changed++;
        if (passwordFile) {
          logger.warn(
            { email, passwordFile },
            'admin user created with a generated password: read it from passwordFile once, then delete the file',
          );
        } else logger.info({ email }, 'admin user created');
      } else if (passwordFile) await rm(passwordFile, { force: true });
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
