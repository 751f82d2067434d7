import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseCtagsJson, runCtags } from './ctags.js';
import { writeFixtureTree } from './fixture-tree.js';

const fixture = writeFixtureTree({
  'pkg/mod.py': 'class Foo:\n    def bar(self):\n        pass\n\ndef _hidden():\n    pass\n',
  'web/view.tsx': 'export function View() { return null; }\n',
  'lib/a.go': 'package lib\n\ntype Server struct{}\n\nfunc (s *Server) Start() error { return nil }\n',
  'README.md': '# Title\n',
});
const outside = writeFixtureTree({ 'secret.py': 'def leaked():\n    pass\n' });
symlinkSync(outside.dir, join(fixture.dir, 'linked'));

afterAll(() => {
  fixture.cleanup();
  outside.cleanup();
});

describe('runCtags', () => {
  test('reports definitions with line, long kind, scope and access, paths relative to the root', async () => {
    const tags = await runCtags(fixture.dir);
    const find = (name: string) => tags.find((t) => t.name === name);
    expect(find('Foo')).toMatchObject({ path: 'pkg/mod.py', line: 1, kind: 'class', access: 'public' });
    expect(find('bar')).toMatchObject({ line: 2, kind: 'member', scope: 'Foo', scopeKind: 'class' });
    expect(find('_hidden')).toMatchObject({ kind: 'function', access: 'protected' });
    expect(find('Start')).toMatchObject({
      path: 'lib/a.go',
      kind: 'func',
      scope: 'lib.Server',
      scopeKind: 'struct',
    });
    expect(find('Start')?.pattern).toBe('/^func (s *Server) Start() error { return nil }$/');
  });

  test('reads .tsx as TypeScript, skips other languages and never follows a symbolic link', async () => {
    const tags = await runCtags(fixture.dir);
    expect(tags.find((t) => t.name === 'View')).toMatchObject({ path: 'web/view.tsx', kind: 'function' });
    expect(tags.some((t) => t.path === 'README.md')).toBe(false);
    expect(tags.some((t) => t.name === 'leaked')).toBe(false);
  });
});

describe('parseCtagsJson', () => {
  test('keeps definitions only: pseudo tags and reference tags are dropped', () => {
    const tags = parseCtagsJson(
      [
        '{"_type": "ptag", "name": "JSON_OUTPUT_VERSION", "path": "0.0"}',
        '{"_type": "tag", "name": "os", "path": "./a.py", "line": 1, "kind": "module", "roles": "imported"}',
        '{"_type": "tag", "name": "f", "path": "./a.py", "line": 3, "kind": "function", "roles": "def"}',
        '',
      ].join('\n'),
    );
    expect(tags).toEqual([{ name: 'f', path: 'a.py', line: 3, kind: 'function' }]);
  });
});
