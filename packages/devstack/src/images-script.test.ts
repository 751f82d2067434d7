/**
 * `pnpm images` (scripts/images.sh) on a machine without docker or buildah: it says so, shows
 * the command an image takes, builds nothing and fails. Run with a PATH holding only the
 * tools the script needs, so the result is the same where docker does exist. And which
 * images it builds: a `docker` on that PATH that only writes down its arguments.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './services.js';

/** A directory for PATH with only bash, dirname, node, git and date. */
function toolsOnly(): string {
  const bin = mkdtempSync(join(tmpdir(), 'repowiki-images-path-'));
  for (const tool of ['bash', 'dirname', 'node', 'git', 'date']) {
    const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

describe('pnpm images', () => {
  it('builds all seven deployables, the console included, each from the one Dockerfile', () => {
    const bin = toolsOnly();
    try {
      const calls = join(bin, 'calls');
      writeFileSync(join(bin, 'docker'), `#!${join(bin, 'bash')}\necho "$*" >> ${calls}\n`);
      chmodSync(join(bin, 'docker'), 0o755);
      const r = spawnSync(join(bin, 'bash'), [join(REPO_ROOT, 'scripts', 'images.sh')], {
        encoding: 'utf8',
        env: { PATH: bin, IMAGE_PREFIX: 'registry.example.com/rw' },
      });
      expect(r.status, r.stderr).toBe(0);
      const builds = readFileSync(calls, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('build '));
      expect(builds.map((l) => l.match(/--build-arg SERVICE=(\S+)/)?.[1])).toEqual([
        'warehouse-svc',
        'stats-svc',
        'accesslog-svc',
        'minimap-svc',
        'migration-svc',
        'scheduler-svc',
        'console',
      ]);
      expect(builds.at(-1)).toMatch(
        /-f infra\/docker\/Dockerfile .*-t registry\.example\.com\/rw\/console:0\.1\.0 \.$/,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('says that neither docker nor buildah runs here, and exits 1', () => {
    const bin = toolsOnly();
    try {
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
