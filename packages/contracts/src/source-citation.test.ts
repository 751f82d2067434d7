import { describe, expect, it } from 'vitest';
import { fileViewBase, lineFragment, repositoryWeb, sourceCitationUrl } from './source-citation.js';

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
    // The web view of an http(s) remote is on its port; an ssh or git port is no web port.
    [
      'https://gitlab.corp.example:8443/team/app',
      { base: 'https://gitlab.corp.example:8443/team/app', style: 'gitlab' },
    ],
    ['http://gitea.lan:3000/o/r.git', { base: 'http://gitea.lan:3000/o/r', style: 'gitea' }],
    ['https://github.com:443/o/r', { base: 'https://github.com/o/r', style: 'github' }],
    ['http://gitea.lan:80/o/r', { base: 'http://gitea.lan/o/r', style: 'gitea' }],
    ['ssh://git@gitea.lan:2222/o/r.git', { base: 'https://gitea.lan/o/r', style: 'gitea' }],
    ['git+ssh://git@github.com/o/r.git', { base: 'https://github.com/o/r', style: 'github' }],
    ['git://codeberg.org/forgejo/forgejo/', { base: 'https://codeberg.org/forgejo/forgejo', style: 'gitea' }],
    ['HTTPS://GitHub.com/Pallets/Click.git', { base: 'https://github.com/Pallets/Click', style: 'github' }],
    ['  https://github.com/o/r.git\n', { base: 'https://github.com/o/r', style: 'github' }],
  ])('%s', (address, web) => expect(repositoryWeb(address)).toEqual(web));

  it('never keeps user names, passwords or tokens', () => {
    for (const address of [
      'https://user:ghp_secret@github.com/o/r.git',
      'https://ghp_secret@github.com/o/r',
      'ssh://deploy:pw@github.com/o/r.git',
      'https://oauth2:glpat-secret@gitlab.example.com:8443/g/p.git',
      'deploy@github.com:o/r.git',
    ]) {
      const web = repositoryWeb(address);
      expect(web?.base, address).toMatch(/^https:\/\/(github\.com|gitlab\.example\.com:8443)\/(o\/r|g\/p)$/);
      expect(JSON.stringify(web)).not.toMatch(/secret|user|deploy|pw|oauth2/);
    }
  });

  it.each([
    '/srv/repos/acme',
    'file:///srv/repos/acme',
    'https://git.example.com/a/b.git',
    'https://github.com/only-owner',
    'https://github.com/a/b%2F..%2Fc',
    'https://github.com/a/../b',
    'javascript:alert(1)//github.com/a/b',
    './app',
    'ext::sh -c evil',
    'https://github.com:99999/o/r',
    'https://github.com/o/./r',
  ])('%s has no known web links', (address) => expect(repositoryWeb(address)).toBeUndefined());
});

describe('fileViewBase and lineFragment', () => {
  it('is the commit file view of each host style, ports kept', () => {
    expect(fileViewBase(repositoryWeb('https://github.com/o/r'), SHA)).toBe(
      `https://github.com/o/r/blob/${SHA}`,
    );
    expect(fileViewBase(repositoryWeb('git@gitlab.com:g/p.git'), SHA)).toBe(
      `https://gitlab.com/g/p/-/blob/${SHA}`,
    );
    expect(fileViewBase(repositoryWeb('https://gitlab.corp.example:8443/t/a'), SHA)).toBe(
      `https://gitlab.corp.example:8443/t/a/-/blob/${SHA}`,
    );
    expect(fileViewBase(repositoryWeb('https://codeberg.org/o/r'), SHA)).toBe(
      `https://codeberg.org/o/r/src/commit/${SHA}`,
    );
  });

  it('needs known web links and a full commit id (no content hash of a plain directory)', () => {
    expect(fileViewBase(repositoryWeb('https://github.com/o/r'), 'main')).toBeUndefined();
    expect(fileViewBase(repositoryWeb('https://github.com/o/r'), 'dir:0123')).toBeUndefined();
    expect(fileViewBase(undefined, SHA)).toBeUndefined();
  });

  it('writes a line range as the host reads it: GitLab #L1-2, the others and paths #L1-L2', () => {
    expect(lineFragment('gitlab', 1, 2)).toBe('#L1-2');
    expect(lineFragment('github', 1, 2)).toBe('#L1-L2');
    expect(lineFragment('gitea', 1, 2)).toBe('#L1-L2');
    expect(lineFragment(undefined, 1, 2)).toBe('#L1-L2');
    expect(lineFragment('gitlab', 7, 7)).toBe('#L7');
    expect(lineFragment(undefined, 7, 3)).toBe('#L7');
  });
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
