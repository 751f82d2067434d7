import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { devSigningKey } from './dev-signing-key.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-devkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('generates a 0600 key once and keeps it, so older dev backups still restore', () => {
  const path = join(dir, 'backup-signing-key');
  const key = devSigningKey(path);
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(devSigningKey(path)).toBe(key);
});
