import { describe, expect, it } from 'vitest';
import type { AcquiredSource } from '../source/acquire-source.js';
import { citationsOf } from './citations-of.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const remote = (url: string, isGit = true): AcquiredSource => ({
  root: '/tmp/x',
  isGit,
  owned: true,
  location: {
    kind: 'remote',
    url,
    scheme: 'https',
    host: 'github.com',
    port: 443,
    addresses: ['140.82.112.3'],
  },
});

describe('citationsOf', () => {
  it('cites the documented commit on the remote web host', () => {
    expect(citationsOf(remote('git@github.com:pallets/click.git'), SHA)).toEqual({
      fileViewBase: `https://github.com/pallets/click/blob/${SHA}`,
      style: 'github',
    });
    // An https remote's port is its web port; an ssh port is not.
    expect(citationsOf(remote('https://gitlab.corp.example:8443/team/app.git'), SHA)).toEqual({
      fileViewBase: `https://gitlab.corp.example:8443/team/app/-/blob/${SHA}`,
      style: 'gitlab',
    });
    expect(citationsOf(remote('ssh://git@gitea.lan:2222/o/r.git'), SHA)).toEqual({
      fileViewBase: `https://gitea.lan/o/r/src/commit/${SHA}`,
      style: 'gitea',
    });
  });

  it('cites repository paths for local repositories, plain directories and unknown hosts', () => {
    const local: AcquiredSource = {
      root: '/tmp/x',
      isGit: true,
      owned: true,
      location: { kind: 'local-git', path: '/srv/r', gitDir: '/srv/r/.git' },
    };
    expect(citationsOf(local, SHA)).toEqual({});
    expect(citationsOf(remote('https://git.corp.example/o/r.git'), SHA)).toEqual({});
    expect(citationsOf(remote('https://github.com/o/r', false), 'dir-0123')).toEqual({});
  });
});
