import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The laptop's BACKUP_SIGNING_KEY: generated once into `path` (mode 0600) and kept, so the
 * backups `pnpm dev` made yesterday still restore today. Production takes it from a Secret.
 */
export function devSigningKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = randomBytes(32).toString('hex');
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
