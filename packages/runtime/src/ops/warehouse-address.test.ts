import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWarehouseAddress } from './warehouse-address.js';

describe('parseWarehouseAddress', () => {
  it('reads organisation and name from https and scp-like Git addresses', () => {
    expect(parseWarehouseAddress('https://github.com/AIDotNet/OpenDeepWiki.git')).toEqual({
      address: 'https://github.com/AIDotNet/OpenDeepWiki.git',
      type: 'git',
      name: 'OpenDeepWiki',
      organizationName: 'AIDotNet',
    });
    expect(parseWarehouseAddress('ssh://git@github.com/a/b.git')).toMatchObject({ type: 'git', name: 'b' });
    expect(parseWarehouseAddress('git@gitlab.com:group/sub/project.git')).toMatchObject({
      type: 'git',
      name: 'project',
      organizationName: 'sub',
    });
  });

  it('takes a local directory as a `file` warehouse with an absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wh-'));
    expect(parseWarehouseAddress(dir)).toMatchObject({ type: 'file', address: dir, name: basename(dir) });
  });

  it.each([
    ['--upload-pack=touch /tmp/x', /not a repository address/],
    ['https://user:secret@github.com/a/b.git', /credentials in the URL/],
    ['https://ghp_token123@github.com/a/b.git', /credentials in the URL/],
    ['http://token@gitlab.example/a/b.git', /credentials in the URL/],
    ['/definitely/not/here', /no such directory/],
    ['https://github.com/', /no repository name/],
  ])('refuses %s', (input, message) => {
    expect(() => parseWarehouseAddress(input)).toThrow(message);
  });
});
