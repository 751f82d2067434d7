import { describe, expect, it } from 'vitest';
import { extractSymbols } from './symbols.js';

const names = (r: Awaited<ReturnType<typeof extractSymbols>>) =>
  r?.symbols.map((s) => `${s.kind}:${s.name}`) ?? [];

describe('extractSymbols', () => {
  it('finds exported TypeScript declarations, their doc comments and imports', async () => {
    const r = await extractSymbols(
      'TypeScript',
      'import { a } from "./a";\n/** Adds numbers. */\nexport function add() {}\nexport class Box {}\nexport const LIMIT = 1;\ninterface Hidden {}\nexport * from "../b";\nconst c = require("./c");\n',
    );
    expect(names(r)).toEqual(['function:add', 'class:Box', 'variable:LIMIT', 'interface:Hidden']);
    expect(r?.symbols.find((s) => s.name === 'add')?.doc).toBe('Adds numbers.');
    expect(r?.symbols.find((s) => s.name === 'Hidden')?.exported).toBe(false);
    expect(r?.imports).toEqual(['./a', '../b', './c']);
  });

  it('reads Python docstrings, decorated definitions and both import forms', async () => {
    const r = await extractSymbols(
      'Python',
      'import os\nfrom pkg.core import x\n@dec\ndef run():\n    """Runs it."""\nclass _Private:\n    pass\n',
    );
    expect(names(r)).toEqual(['function:run', 'class:_Private']);
    expect(r?.symbols[0]?.doc).toBe('Runs it.');
    expect(r?.symbols[1]?.exported).toBe(false);
    expect(r?.imports).toEqual(['os', 'pkg.core']);
  });

  it('handles Go, Rust, Java and C# declarations', async () => {
    const go = await extractSymbols(
      'Go',
      'package m\nimport (\n "fmt"\n u "ex.com/m/util"\n)\n// Hello greets.\nfunc Hello() {}\ntype T struct{}\nfunc (t *T) m() {}\n',
    );
    expect(names(go)).toEqual(['function:Hello', 'type:T', 'method:m']);
    expect(go?.symbols[0]?.doc).toBe('Hello greets.');
    expect(go?.imports).toEqual(['fmt', 'ex.com/m/util']);

    const rust = await extractSymbols(
      'Rust',
      'use crate::a::b;\n/// Does f.\npub fn f() {}\nstruct S;\nimpl S {}\n',
    );
    expect(names(rust)).toEqual(['function:f', 'struct:S', 'impl:S']);
    expect(rust?.symbols[0]).toMatchObject({ exported: true, doc: 'Does f.' });
    expect(rust?.imports).toEqual(['crate::a::b']);

    const java = await extractSymbols(
      'Java',
      'package a;\nimport com.x.A;\n/** The C. */\npublic class C {}\ninterface I {}\n',
    );
    expect(names(java)).toEqual(['class:C', 'interface:I']);
    expect(java?.symbols[0]).toMatchObject({ exported: true, doc: 'The C.' });
    expect(java?.imports).toEqual(['com.x.A']);

    const cs = await extractSymbols(
      'C#',
      'using System.Text;\nnamespace A.B {\n/// <summary>Greeter.</summary>\npublic class G {}\n}\n',
    );
    expect(names(cs)).toEqual(['class:G']);
    expect(cs?.symbols[0]).toMatchObject({ exported: true, doc: 'Greeter.' });
    expect(cs?.imports).toEqual(['System.Text']);
  });

  it('returns undefined for a language without a bundled grammar', async () => {
    expect(await extractSymbols('Haskell', 'main = pure ()')).toBeUndefined();
  });
});
