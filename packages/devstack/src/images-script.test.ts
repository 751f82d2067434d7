/**
 * `pnpm images` (scripts/images.sh) on a machine without docker or buildah: it says so, shows
 * the command an image takes, builds nothing and fails. Run with a PATH holding only the
 * tools the script needs, so the result is the same where docker does exist.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './services.js';

describe('pnpm images', () => {
  it('says that neither docker nor buildah runs here, and exits 1', () => {
    const bin = mkdtempSync(join(tmpdir(), 'repowiki-images-path-'));
    try {
      for (const tool of ['bash', 'dirname', 'node', 'git', 'date']) {
        const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
        if (found) symlinkSync(found, join(bin, tool));
      }
      const r = spawnSync(join(bin, 'bash'), [join(REPO_ROOT, 'scripts', 'images.sh')], {
        encoding: 'utf8',
        env: { PATH: bin },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('no running docker daemon and no buildah here; nothing built');
      expect(r.stderr).toContain('docker build -f infra/docker/Dockerfile --build-arg SERVICE=<service> .');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
