import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Fixed identity and dates so commits are reproducible. */
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.test',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.test',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A real git repository in a temp dir, built file by file for a test. */
export class GitFixture {
  readonly dir: string;

  constructor(prefix = 'repowiki-fixture-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git('init', '--quiet', '--initial-branch=main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: GIT_ENV, encoding: 'utf8' });
  }

  write(path: string | Buffer, content: string | Buffer): this {
    const abs =
      typeof path === 'string' ? join(this.dir, path) : Buffer.concat([Buffer.from(`${this.dir}/`), path]);
    mkdirSync(dirname(abs.toString()), { recursive: true });
    writeFileSync(abs, content);
    return this;
  }

  symlink(path: string, target: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    symlinkSync(target, join(this.dir, path));
    return this;
  }

  remove(path: string): this {
    rmSync(join(this.dir, path), { recursive: true, force: true });
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '--quiet', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
