import { describe, expect, it } from 'vitest';
import { fileViewBase, repositoryWebUrl } from './web-url.js';

const SHA = 'a'.repeat(40);

describe('repositoryWebUrl', () => {
  it('reads https, ssh, scp-like and git addresses of GitHub/GitLab/Gitea hosts', () => {
    expect(repositoryWebUrl('https://github.com/pallets/click.git')).toEqual({
      url: 'https://github.com/pallets/click',
      style: 'github',
    });
    expect(repositoryWebUrl('git@github.com:spf13/pflag.git')?.url).toBe('https://github.com/spf13/pflag');
    expect(repositoryWebUrl('ssh://git@gitlab.com:22/group/sub/proj.git')).toEqual({
      url: 'https://gitlab.com/group/sub/proj',
      style: 'gitlab',
    });
    expect(repositoryWebUrl('git://codeberg.org/forgejo/forgejo/')).toEqual({
      url: 'https://codeberg.org/forgejo/forgejo',
      style: 'gitea',
    });
    expect(repositoryWebUrl('https://gitlab.corp.example:8443/team/app')).toEqual({
      url: 'https://gitlab.corp.example:8443/team/app',
      style: 'gitlab',
    });
    expect(repositoryWebUrl('http://gitea.lan/o/r.git')?.url).toBe('http://gitea.lan/o/r');
  });

  it('never keeps credentials', () => {
    for (const address of [
      'https://user:ghp_secret@github.com/o/r.git',
      'https://ghp_secret@github.com/o/r',
      'ssh://deploy:pw@github.com/o/r.git',
    ]) {
      const web = repositoryWebUrl(address);
      expect(web?.url).toBe('https://github.com/o/r');
      expect(JSON.stringify(web)).not.toMatch(/secret|user|deploy|pw/);
    }
  });

  it('has no web url for local paths, unknown hosts, other schemes or a path without owner/repo', () => {
    for (const address of [
      '/srv/repos/app',
      './app',
      'file:///srv/repos/app',
      'https://git.corp.example/o/r.git',
      'https://github.com/onlyowner',
      'ext::sh -c evil',
      'https://github.com/o/../r',
    ])
      expect(repositoryWebUrl(address), address).toBeUndefined();
  });
});

describe('fileViewBase', () => {
  it('is the commit file view of each host style', () => {
    expect(fileViewBase('https://github.com/o/r', SHA)).toBe(`https://github.com/o/r/blob/${SHA}`);
    expect(fileViewBase('git@gitlab.com:g/p.git', SHA)).toBe(`https://gitlab.com/g/p/-/blob/${SHA}`);
    expect(fileViewBase('https://codeberg.org/o/r', SHA)).toBe(`https://codeberg.org/o/r/src/commit/${SHA}`);
  });

  it('needs a full commit id (a content hash of a plain directory is none)', () => {
    expect(fileViewBase('https://github.com/o/r', 'main')).toBeUndefined();
    expect(fileViewBase('https://github.com/o/r', 'dir:0123')).toBeUndefined();
  });
});
