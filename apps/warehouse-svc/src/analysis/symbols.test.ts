import { describe, expect, it } from 'vitest';
import type { FileSymbols } from './symbol-types.js';
import { extractSymbols } from './symbols.js';

/** `+kind Owner.name` per symbol (`-` when not public), in source order. */
const list = (r: FileSymbols | undefined) =>
  r?.symbols.map((s) => `${s.exported ? '+' : '-'}${s.kind} ${s.owner ? `${s.owner}.` : ''}${s.name}`) ?? [];
const find = (r: FileSymbols | undefined, qualified: string) =>
  r?.symbols.find((s) => (s.owner ? `${s.owner}.${s.name}` : s.name) === qualified);

// Issue 13, item 2: members and signatures, per language.

describe('extractSymbols', () => {
  it('TypeScript: arrow-function constants are functions, exported or not; class, interface and enum members', async () => {
    const r = await extractSymbols(
      'TypeScript',
      [
        "import { a } from './a';",
        '/** Adds numbers. */',
        'export const add = (x: number, y: number): number => x + y;',
        'const twice = (x: number) => add(x, x);',
        'export const LIMIT = 1;',
        'export class Box<T> extends Base {',
        '  #secret = 1;',
        '  private hidden(): void {}',
        '  /** Opens it. */',
        '  open(force = false): boolean { return force; }',
        '  close = async (): Promise<void> => {};',
        '  get size(): number { return 1; }',
        '}',
        'interface Shape { area(): number; name?: string }',
        'export enum Color { Red, Green = 2 }',
        "export * from '../b';",
        "export { add as plus } from './c';",
        "const c = require('./d');",
      ].join('\n'),
    );
    expect(list(r)).toEqual([
      '+function add',
      '-function twice',
      '+variable LIMIT',
      '+class Box',
      '-property Box.#secret',
      '-method Box.hidden',
      '+method Box.open',
      '+method Box.close',
      '+property Box.size',
      '-interface Shape',
      '+method Shape.area',
      '+property Shape.name',
      '+enum Color',
      '+enum-member Color.Red',
      '+enum-member Color.Green',
      '-variable c',
    ]);
    expect(find(r, 'add')).toMatchObject({
      doc: 'Adds numbers.',
      signature: 'const add = (x: number, y: number): number =>',
      line: 3,
      endLine: 3,
    });
    expect(find(r, 'Box')).toMatchObject({ signature: 'class Box<T> extends Base', line: 6, endLine: 13 });
    expect(find(r, 'Box.open')).toMatchObject({
      signature: 'open(force = false): boolean',
      doc: 'Opens it.',
    });
    expect(r?.imports).toEqual(['./a', '../b', './c', './d']);
    expect(r?.reexports).toEqual(['../b']);
    expect(r?.exportNames).toEqual(['add']);
    expect(r?.words).toEqual(expect.arrayContaining(['add', 'twice', 'Box', 'Shape']));
  });

  it('JavaScript without ESM exports: top-level declarations are public', async () => {
    const r = await extractSymbols(
      'JavaScript',
      'function render() {}\nclass View {}\nmodule.exports = { render, View };\n',
    );
    expect(list(r)).toEqual(['+function render', '+class View']);
  });

  it('Python: definitions under if TYPE_CHECKING and try, methods, properties, nested classes, class fields', async () => {
    const r = await extractSymbols(
      'Python',
      [
        'from typing import TYPE_CHECKING',
        'if TYPE_CHECKING:',
        '    def typed() -> None: ...',
        'else:',
        '    def untyped(): ...',
        'try:',
        '    def fast(): ...',
        'except ImportError:',
        '    def slow(): ...',
        'LIMIT = 3',
        'class Engine(Base):',
        '    """Runs :class:`Job` objects.',
        '',
        '    More.',
        '    """',
        '    workers: int = 2',
        '    def __init__(self): ...',
        '    @property',
        '    def name(self) -> str:',
        '        """The name."""',
        '    def _hidden(self): ...',
        '    class Config:',
        '        def load(self, path): ...',
        '',
      ].join('\n'),
    );
    expect(list(r)).toEqual([
      '+function typed',
      '+function untyped',
      '+function fast',
      '+function slow',
      '+variable LIMIT',
      '+class Engine',
      '+field Engine.workers',
      '+constructor Engine.__init__',
      '+property Engine.name',
      '-method Engine._hidden',
      '+class Engine.Config',
      '+method Engine.Config.load',
    ]);
    expect(find(r, 'Engine')).toMatchObject({ doc: 'Runs Job objects.', signature: 'class Engine(Base)' });
    expect(find(r, 'Engine.name')).toMatchObject({ doc: 'The name.', signature: 'def name(self) -> str' });
    expect(find(r, 'Engine.workers')?.signature).toBe('workers: int');
  });

  it('Go: methods belong to their receiver type, struct fields and interface methods are members', async () => {
    const r = await extractSymbols(
      'Go',
      'package m\n\nimport (\n "fmt"\n u "ex.com/m/util"\n)\n\n// Hello greets.\nfunc Hello() {}\n\ntype T struct {\n\tName string\n\tage  int\n}\n\nfunc (t *T) Run(n int) error { return nil }\n\ntype Doer interface {\n\tDo() error\n}\n\nconst (\n\tA = 1\n\tb = 2\n)\n',
    );
    expect(list(r)).toEqual([
      '+function Hello',
      '+struct T',
      '+field T.Name',
      '-field T.age',
      '+method T.Run',
      '+interface Doer',
      '+method Doer.Do',
      '+constant A',
      '-constant b',
    ]);
    expect(find(r, 'Hello')?.doc).toBe('Hello greets.');
    expect(find(r, 'T.Run')?.signature).toBe('func (t *T) Run(n int) error');
    expect(r?.imports).toEqual(['fmt', 'ex.com/m/util']);
    expect(r?.declared).toBe('m');
  });

  it('Java: annotation types and their elements, nested types, enum constants, records, interface members', async () => {
    const r = await extractSymbols(
      'Java',
      [
        'package a.b;',
        'import com.x.A;',
        '/** The C. {@link A} helps. */',
        'public class C {',
        '  public static final int MAX = 3;',
        '  private int n;',
        '  public C() {}',
        '  /** Maps. @param x in */',
        '  @Override',
        '  public <T> T map(Class<T> x) throws E { return null; }',
        '  void internal() {}',
        '  public static class Inner { public void go() {} }',
        '  public enum Mode { ON, OFF }',
        '}',
        '@Retention(RUNTIME)',
        'public @interface Named { String value(); int order() default 0; }',
        'interface I { void m(); record P(int a) {} }',
      ].join('\n'),
    );
    expect(list(r)).toEqual([
      '+class C',
      '+field C.MAX',
      '-field C.n',
      '+constructor C.C',
      '+method C.map',
      '-method C.internal',
      '+class C.Inner',
      '+method C.Inner.go',
      '+enum C.Mode',
      '+enum-member C.Mode.ON',
      '+enum-member C.Mode.OFF',
      '+annotation Named',
      '+method Named.value',
      '+method Named.order',
      '-interface I',
      '+method I.m',
      '+record I.P',
    ]);
    expect(find(r, 'C')).toMatchObject({ doc: 'The C. A helps.', signature: 'public class C' });
    expect(find(r, 'C.map')).toMatchObject({
      doc: 'Maps.',
      signature: 'public <T> T map(Class<T> x) throws E',
    });
    expect(find(r, 'C.MAX')?.signature).toBe('public static final int MAX');
    expect(find(r, 'Named')?.signature).toBe('public @interface Named');
    expect(r?.declared).toBe('a.b');
  });

  it('C#: namespaces, properties, events, nested types, interface members', async () => {
    const r = await extractSymbols(
      'C#',
      'using System.Text;\nnamespace A.B {\n/// <summary>Greeter.</summary>\n[Serializable]\npublic class G : I {\n  public string Name { get; set; }\n  private int n;\n  public G() {}\n  public string Hi(string who) => who;\n  public event EventHandler Changed;\n}\npublic interface I { string Hi(string who); }\npublic enum E { X, Y }\n}\n',
    );
    expect(list(r)).toEqual([
      '+class G',
      '+property G.Name',
      '-field G.n',
      '+constructor G.G',
      '+method G.Hi',
      '+event G.Changed',
      '+interface I',
      '+method I.Hi',
      '+enum E',
      '+enum-member E.X',
      '+enum-member E.Y',
    ]);
    expect(find(r, 'G')).toMatchObject({ doc: 'Greeter.', signature: 'public class G : I' });
    expect(find(r, 'G.Name')?.signature).toBe('public string Name');
    expect(r?.imports).toEqual(['System.Text']);
    expect(r?.declared).toBe('A.B');
  });

  it('Rust: impl blocks give methods their type, trait items and fields are members, pub use is exported', async () => {
    const r = await extractSymbols(
      'Rust',
      'use crate::a::b;\npub use self::x::Y;\n/// Does f.\n#[inline]\npub fn f() {}\npub struct S { pub a: u8, b: u8 }\nimpl S {\n    pub fn new() -> Self { S { a: 0, b: 0 } }\n    fn hidden(&self) {}\n}\npub trait T { fn t(&self); }\nimpl T for S { fn t(&self) {} }\n#[cfg(test)]\nmod tests { fn it() {} }\n',
    );
    expect(list(r)).toEqual([
      '+function f',
      '+struct S',
      '+field S.a',
      '-field S.b',
      '+method S.new',
      '-method S.hidden',
      '+trait T',
      '+method T.t',
      '+method S.t',
    ]);
    expect(find(r, 'f')).toMatchObject({ doc: 'Does f.', signature: 'pub fn f()' });
    expect(r?.exportNames).toEqual(['Y']);
  });

  it('imports as the import resolver reads them: Python from-imports name module and member, C# aliases their target', async () => {
    const py = await extractSymbols(
      'Python',
      [
        'import os.path as p, json',
        'from acme.core import Engine, run as go',
        'from . import util',
        'from ..pkg.mod import *',
        'from .x import (a, b)',
        'if TYPE_CHECKING:',
        '    from acme.types import T',
        'def f():',
        '    import inside',
        '',
      ].join('\n'),
    );
    expect(py?.imports).toEqual([
      'os.path',
      'json',
      'acme.core.Engine',
      'acme.core.run',
      '.util',
      '..pkg.mod',
      '.x.a',
      '.x.b',
      'acme.types.T',
    ]);
    const cs = await extractSymbols('C#', 'using A = X.Y;\nusing static X.Z.M;\nclass C {}\n');
    expect(cs?.imports).toEqual(['X.Y', 'X.Z.M']);
    const java = await extractSymbols(
      'Java',
      'package a;\nimport static com.x.A.run;\nimport com.y.*;\nimport com.z.B.Inner;\nclass C {}\n',
    );
    expect(java?.imports).toEqual(['com.x.A.run', 'com.y', 'com.z.B.Inner']);
    const rust = await extractSymbols(
      'Rust',
      'use crate::{a::B, c::{self, D as E}};\nuse super::*;\nuse ::std::io;\nfn f() {}\n',
    );
    expect(rust?.imports).toEqual(['crate::{a::B, c::{self, D as E}}', 'super::*', '::std::io']);
  });

  it('returns undefined for a language without a bundled grammar', async () => {
    expect(await extractSymbols('Haskell', 'main = pure ()')).toBeUndefined();
  });
});
