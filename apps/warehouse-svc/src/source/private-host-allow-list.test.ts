import { describe, expect, it } from 'vitest';
import { PrivateHostAllowList, parseAllowEntry } from './private-host-allow-list.js';

describe('parseAllowEntry', () => {
  it('reads names, addresses and CIDR blocks', () => {
    expect(parseAllowEntry('Git.Corp.Example')).toEqual({ kind: 'name', name: 'git.corp.example' });
    expect(parseAllowEntry('10.1.2.3')).toEqual({
      kind: 'network',
      address: '10.1.2.3',
      prefix: 32,
      family: 4,
    });
    expect(parseAllowEntry('10.20.0.0/16')).toMatchObject({ prefix: 16, family: 4 });
    expect(parseAllowEntry('[fd00::5]')).toMatchObject({ address: 'fd00::5', prefix: 128, family: 6 });
    expect(parseAllowEntry('fd00::/8')).toMatchObject({ prefix: 8, family: 6 });
  });

  it.each(['10.0.0.0/33', '10.0.0.0/x', 'a b', 'host/8', '$(touch x)', '', '10.0.0.0/8/1'])(
    'refuses %j',
    (entry) => {
      expect(parseAllowEntry(entry)).toBeUndefined();
    },
  );
});

describe('PrivateHostAllowList', () => {
  const list = new PrivateHostAllowList(['git.corp.example', '10.20.0.0/16', 'fd00:1::/32']);

  it('permits a listed name whatever it resolves to, and addresses inside a listed block', () => {
    expect(list.permits('git.corp.example', '10.9.9.9')).toBe(true);
    expect(list.permits('GIT.corp.example.', '127.0.0.1')).toBe(true);
    expect(list.permits('other.example', '10.20.3.4')).toBe(true);
    expect(list.permits('other.example', '::ffff:10.20.3.4')).toBe(true);
    expect(list.permits('other.example', 'fd00:1::9')).toBe(true);
  });

  it('permits nothing else', () => {
    expect(list.permits('other.example', '10.21.0.1')).toBe(false);
    expect(list.permits('other.example', '169.254.169.254')).toBe(false);
    expect(list.permits('corp.example', '10.9.9.9')).toBe(false);
    expect(new PrivateHostAllowList([]).permits('localhost', '127.0.0.1')).toBe(false);
  });
});
