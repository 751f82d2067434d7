import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR, nodeVersionProblem } from './index.js';

const root = new URL('../../../', import.meta.url);

describe('nodeVersionProblem', () => {
  it('accepts the minimum major and newer ones', () => {
    expect(nodeVersionProblem(`v${MIN_NODE_MAJOR}.0.0`)).toBeUndefined();
    expect(nodeVersionProblem('v24.22.3')).toBeUndefined();
    expect(nodeVersionProblem('v26.1.0')).toBeUndefined();
  });

  it('refuses an older Node with one line naming the version needed and the one found', () => {
    const line = nodeVersionProblem('v20.20.2');
    expect(line).toBe(
      'repowiki-tasks needs Node.js 24 or newer, this is v20.20.2: run it through ./run (it installs the pinned Node 24 when missing) or install Node 24',
    );
    expect(line).not.toContain('\n');
    expect(nodeVersionProblem('v23.11.0')).toContain('this is v23.11.0');
  });

  it('refuses what it cannot read rather than letting it through', () => {
    expect(nodeVersionProblem('garbage')).toContain('needs Node.js 24');
  });
});

describe('one Node version across the repository', () => {
  it('engines.node in package.json and NODE_VERSION in ./run agree with MIN_NODE_MAJOR', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_MAJOR}`);
    const pinned = /^NODE_VERSION=(\d+)\.\d+\.\d+$/m.exec(readFileSync(new URL('run', root), 'utf8'))?.[1];
    expect(Number(pinned)).toBe(MIN_NODE_MAJOR);
    expect(readFileSync(new URL('.npmrc', root), 'utf8')).toMatch(/^engine-strict=true$/m);
  });
});
