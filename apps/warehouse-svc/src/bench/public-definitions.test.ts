import { afterAll, describe, expect, test } from 'vitest';
import { runCtags } from './ctags.js';
import { writeFixtureTree } from './fixture-tree.js';
import { detectPackages } from './packages.js';
import { exportListNames, publicDefinitions } from './public-definitions.js';
import { readSourceTree } from './source-tree.js';

const fixture = writeFixtureTree({
  'src/pkg/__init__.py': [
    'from typing import TYPE_CHECKING',
    'if TYPE_CHECKING:',
    '    def typed(): pass',
    'try:',
    '    def tried(): pass',
    'except ImportError:',
    '    pass',
    'CONSTANT = 1',
    'class Foo:',
    '    def bar(self): pass',
    '    def _priv(self): pass',
    '    def __init__(self): pass',
    '    class Inner:',
    '        def deep(self): pass',
    'class _Hidden:',
    '    def shown(self): pass',
    'def top(a, b=1): pass',
    'def _private(): pass',
    '',
  ].join('\n'),
  'tests/test_pkg.py': 'def test_it(): pass\n',
  'go.mod': 'module example.test/a\n',
  'a.go': [
    'package a',
    'type Server struct { Name string; port int }',
    'type Handler interface { Serve() error; stop() }',
    'type hidden struct{}',
    'func New() *Server { return nil }',
    'func (s *Server) Start() error { return nil }',
    'func (s *Server) stop() {}',
    'func (h hidden) Visible() {}',
    'func helper() {}',
    'const Max = 3',
    '',
  ].join('\n'),
  'a_test.go': 'package a\nfunc TestX() {}\n',
  'pom.xml': '<project/>',
  'src/main/java/com/x/A.java': [
    'package com.x;',
    'public class A {',
    '  public void pub() {}',
    '  public void pub(int overload) {}',
    '  protected void prot() {}',
    '  void pkg() {}',
    '  private void priv() {}',
    '  public static class Nested { public void n() {} }',
    '  private static class Secret { public void s() {} }',
    '  public A() {}',
    '}',
    '',
  ].join('\n'),
  'src/main/java/com/x/I.java': 'package com.x;\ninterface I { void m(); }\n',
  'src/main/java/com/x/Ann.java': 'package com.x;\npublic @interface Ann { String value(); }\n',
  'web/package.json': '{"name": "web"}',
  'web/index.ts': [
    'export function f(a: number): string { return ""; }',
    'export const arrow = (x: number) => x;',
    'const hidden = () => 1;',
    'export class C {',
    '  method(): void {}',
    '  private p(): void {}',
    '  protected q(): void {}',
    '  #r(): void {}',
    '  constructor() {}',
    '}',
    'class Internal { open(): void {} }',
    'export interface Iface { m(): void; }',
    'export type T = string;',
    'function late() {}',
    'export { late };',
    'export const big = 2_147_483_647;',
    'export function *gen() {}',
    '',
  ].join('\n'),
  'crate/Cargo.toml': '[package]\nname = "crate"\n',
  'crate/src/lib.rs': [
    'pub struct S { pub a: i32 }',
    'impl S {',
    '    pub fn new() -> S { S { a: 1 } }',
    '    fn private(&self) {}',
    '}',
    'pub trait Tr { fn go(&self); }',
    'trait Quiet { fn hush(&self); }',
    'pub fn free() {}',
    'pub(crate) fn internal() {}',
    'fn hidden() {}',
    '',
  ].join('\n'),
});
afterAll(() => fixture.cleanup());

async function definitions() {
  const tree = readSourceTree(fixture.dir);
  return publicDefinitions(await runCtags(fixture.dir), detectPackages(tree), tree);
}

describe('publicDefinitions (Universal Ctags on a fixture tree)', () => {
  test('public top-level definitions per language, sorted by file and line; tests not counted', async () => {
    const { topLevel } = await definitions();
    expect(topLevel.map((d) => `${d.path}:${d.line} ${d.name}`)).toEqual([
      'a.go:2 Server',
      'a.go:3 Handler',
      'a.go:5 New',
      'a.go:10 Max',
      'crate/src/lib.rs:1 S',
      'crate/src/lib.rs:6 Tr',
      'crate/src/lib.rs:8 free',
      'src/main/java/com/x/A.java:2 A',
      'src/main/java/com/x/Ann.java:2 Ann',
      'src/pkg/__init__.py:3 typed',
      'src/pkg/__init__.py:5 tried',
      'src/pkg/__init__.py:9 Foo',
      'src/pkg/__init__.py:17 top',
      'web/index.ts:1 f',
      'web/index.ts:2 arrow',
      'web/index.ts:4 C',
      'web/index.ts:12 Iface',
      'web/index.ts:13 T',
      'web/index.ts:14 late',
      'web/index.ts:16 big',
      'web/index.ts:17 gen',
    ]);
  });

  test('public methods per language with their enclosing type; overloads and constructors not counted', async () => {
    const { methods } = await definitions();
    expect(methods.map((d) => `${d.path} ${d.scope}.${d.name}`)).toEqual([
      'a.go Handler.Serve',
      'a.go Server.Start',
      'crate/src/lib.rs S.new',
      'crate/src/lib.rs Tr.go',
      'src/main/java/com/x/A.java A.pub',
      'src/main/java/com/x/A.java A.prot',
      'src/main/java/com/x/A.java A.Nested.n',
      'src/main/java/com/x/Ann.java Ann.value',
      'src/pkg/__init__.py Foo.bar',
      'src/pkg/__init__.py Foo.Inner.deep',
      'web/index.ts C.method',
      'web/index.ts C.q',
      'web/index.ts Iface.m',
    ]);
  });
});

describe('exportListNames', () => {
  test('local names of export clauses and `export default name`, not re-exports', () => {
    const text = [
      'export { a, b as c, type T };',
      "export { x } from './x';",
      'export type { U };',
      'export default main;',
      'export default function named() {}',
    ].join('\n');
    expect([...exportListNames(text)].sort()).toEqual(['T', 'U', 'a', 'b', 'main']);
  });
});
