import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RootReader } from './read-inside-root.js';

const base = mkdtempSync(join(tmpdir(), 'repowiki-reader-'));
const root = join(base, 'repo');
const outside = join(base, 'outside');
mkdirSync(join(root, 'lib'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'lib', 'a.py'), 'inside');
writeFileSync(join(root, 'big.txt'), 'x'.repeat(100));
writeFileSync(join(outside, 'secret.txt'), 'outside secret');
symlinkSync(outside, join(root, 'linked-dir'));
symlinkSync(join(outside, 'secret.txt'), join(root, 'linked-file'));
symlinkSync(join(root, 'lib'), join(root, 'inner-link'));
execFileSync('mkfifo', [join(root, 'pipe')]);

afterAll(() => rmSync(base, { recursive: true, force: true }));

const read = async (path: string, max = 50) => (await RootReader.open(root)).read(Buffer.from(path), max);

describe('RootReader', () => {
  it('reads a file under the root', async () => {
    const r = await read('lib/a.py');
    expect(r.ok && r.content.toString()).toBe('inside');
  });

  it('refuses a path through a symlinked directory leading outside', async () => {
    expect(await read('linked-dir/secret.txt')).toEqual({ ok: false, reason: 'outside' });
  });

  it('reads through a symlinked directory that stays inside the root (the file is the repository own)', async () => {
    const r = await read('inner-link/a.py');
    expect(r.ok).toBe(true);
  });

  it('never follows a symlink as the last component', async () => {
    expect(await read('linked-file')).toEqual({ ok: false, reason: 'symlink' });
  });

  it('does not hang on a FIFO and refuses it', async () => {
    expect(await read('pipe')).toEqual({ ok: false, reason: 'not-a-file' });
  });

  it('refuses a file over the cap without reading it', async () => {
    expect(await read('big.txt', 99)).toEqual({ ok: false, reason: 'too-large' });
    const r = await read('big.txt', 100);
    expect(r.ok && r.content.length).toBe(100);
  });

  it('refuses a relative escape', async () => {
    expect((await read('../outside/secret.txt')).ok).toBe(false);
  });
});
