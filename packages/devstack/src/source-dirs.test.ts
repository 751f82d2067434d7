import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './services.js';
import { serviceSourceDirs } from './source-dirs.js';

const rel = (dirs: string[]) => dirs.map((d) => d.slice(REPO_ROOT.length)).sort();

describe('serviceSourceDirs', () => {
  it('is the app and the workspace packages it runs on, transitively, not its test helpers', () => {
    const dirs = rel(serviceSourceDirs('stats-svc'));
    expect(dirs).toContain('apps/stats-svc/src');
    // runtime (direct) and what runtime itself runs on.
    expect(dirs).toEqual(
      expect.arrayContaining(['packages/runtime/src', 'packages/contracts/src', 'packages/db/src']),
    );
    expect(dirs).not.toContain('packages/testkit/src');
    expect(dirs).not.toContain('packages/devstack/src');
    expect(dirs.filter((d) => d.startsWith('apps/'))).toEqual(['apps/stats-svc/src']);
  });

  it('refuses a name that is not an app', () => {
    expect(() => serviceSourceDirs('nope-svc')).toThrow(`no app named nope-svc under apps/`);
    expect(serviceSourceDirs('warehouse-svc')[0]).toBe(join(REPO_ROOT, 'apps/warehouse-svc/src'));
  });
});
