import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskUsage, watchDiskUsage } from './disk-usage.js';

const dir = mkdtempSync(join(tmpdir(), 'repowiki-du-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diskUsage', () => {
  it('sums what is under a directory without following links', async () => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'one'), Buffer.alloc(10_000));
    writeFileSync(join(dir, 'a', 'b', 'two'), Buffer.alloc(20_000));
    // A link to a big tree outside must not count it.
    symlinkSync('/usr', join(dir, 'link'));
    const bytes = await diskUsage(dir);
    expect(bytes).toBeGreaterThanOrEqual(30_000);
    expect(bytes).toBeLessThan(30_000 + 4 * 64 * 1024);
    expect(await diskUsage(join(dir, 'missing'))).toBe(0);
  });

  it('watchDiskUsage reports once the directory grows past the limit', async () => {
    const grow = join(dir, 'grow');
    mkdirSync(grow);
    const seen: number[] = [];
    let stop = () => {};
    const exceeded = new Promise<number>((resolve) => {
      stop = watchDiskUsage(grow, 1_000_000, (bytes) => resolve(seen.push(bytes) && bytes), 20);
    });
    writeFileSync(join(grow, 'big'), Buffer.alloc(2_000_000));
    expect(await exceeded).toBeGreaterThan(1_000_000);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(seen).toHaveLength(1);
  });
});
