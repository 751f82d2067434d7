import { describe, expect, it } from 'vitest';
import { repositoryWeb, sourceCitationUrl } from './source-citation.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('repositoryWeb', () => {
  it.each([
    ['https://github.com/spf13/pflag.git', { base: 'https://github.com/spf13/pflag', style: 'github' }],
    ['https://github.com/spf13/pflag/', { base: 'https://github.com/spf13/pflag', style: 'github' }],
    ['git@github.com:google/gson.git', { base: 'https://github.com/google/gson', style: 'github' }],
    [
      'ssh://git@gitlab.com:22/group/sub/proj.git',
      { base: 'https://gitlab.com/group/sub/proj', style: 'gitlab' },
    ],
    ['https://gitlab.example.org/a/b', { base: 'https://gitlab.example.org/a/b', style: 'gitlab' }],
    [
      'https://codeberg.org/forgejo/forgejo',
      { base: 'https://codeberg.org/forgejo/forgejo', style: 'gitea' },
    ],
    ['http://gitea.corp.test/x/y.git', { base: 'http://gitea.corp.test/x/y', style: 'gitea' }],
  ])('%s', (address, web) => expect(repositoryWeb(address)).toEqual(web));

  it.each([
    '/srv/repos/acme',
    'file:///srv/repos/acme',
    'https://git.example.com/a/b.git',
    'https://github.com/only-owner',
    'https://github.com/a/b%2F..%2Fc',
    'https://github.com/a/../b',
    'javascript:alert(1)//github.com/a/b',
  ])('%s has no known web links', (address) => expect(repositoryWeb(address)).toBeUndefined());
});

describe('sourceCitationUrl', () => {
  const github = repositoryWeb('https://github.com/o/r');
  it('links lines on the web at the commit, per host style', () => {
    expect(sourceCitationUrl(github, SHA, { path: 'src/a b.py', lines: [3, 9] })).toBe(
      `https://github.com/o/r/blob/${SHA}/src/a%20b.py#L3-L9`,
    );
    expect(sourceCitationUrl(github, SHA, { path: 'flag.go', lines: [7, 7] })).toBe(
      `https://github.com/o/r/blob/${SHA}/flag.go#L7`,
    );
    expect(sourceCitationUrl(github, SHA, { path: 'src/acme', folder: true })).toBe(
      `https://github.com/o/r/tree/${SHA}/src/acme`,
    );
    expect(
      sourceCitationUrl(repositoryWeb('https://gitlab.com/g/p'), SHA, { path: 'a.rb', lines: [10, 20] }),
    ).toBe(`https://gitlab.com/g/p/-/blob/${SHA}/a.rb#L10-20`);
    expect(
      sourceCitationUrl(repositoryWeb('https://codeberg.org/g/p'), SHA, { path: 'a.rs', lines: [1, 2] }),
    ).toBe(`https://codeberg.org/g/p/src/commit/${SHA}/a.rs#L1-L2`);
  });

  it('falls back to a repository-relative path without a known host or a commit id', () => {
    expect(sourceCitationUrl(undefined, SHA, { path: 'src/x#y.py', lines: [1, 4] })).toBe(
      'src/x%23y.py#L1-L4',
    );
    expect(sourceCitationUrl(github, 'dir-3f2a', { path: 'a.py', lines: [2, 2] })).toBe('a.py#L2');
    expect(sourceCitationUrl(github, undefined, { path: 'src', folder: true, lines: [1, 2] })).toBe('src');
  });
});
