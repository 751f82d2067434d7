import { NonRetriableError } from '@repowiki/runtime';

/**
 * BACKUP_SIGNING_KEY, which backup and restore cannot do without: an unsigned backup could
 * not be told from a forged one. Production refuses to start without it (`env.ts`).
 * @throws NonRetriableError (`no_signing_key`) naming the variable when it is unset
 */
export function requireSigningKey(key: string | undefined): string {
  if (!key) {
    throw new NonRetriableError(
      'BACKUP_SIGNING_KEY is not set: backups are signed with it and restore verifies it (set at least 32 random characters, e.g. openssl rand -hex 32)',
      { code: 'no_signing_key' },
    );
  }
  return key;
}
