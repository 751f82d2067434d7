import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import type { GitFixture } from '../testing/git-fixture.js';
import { buildCsharpRepo } from '../testing/language-repos/dotnet-solution.js';
import { buildGoRepo } from '../testing/language-repos/go-root-package.js';
import { buildJavaRepo } from '../testing/language-repos/java-maven.js';
import { buildPythonRepo } from '../testing/language-repos/python-src-layout.js';
import { buildRustRepo } from '../testing/language-repos/rust-workspace.js';
import { buildTsRepo } from '../testing/language-repos/ts-library.js';
import { buildPolyglotRepo } from '../testing/polyglot-repo.js';
import { analyzeRepository, type RepositoryAnalysis } from './analyze-repository.js';

// Issue 13, item 3: imports resolved as each language resolves them, to the modules the
// language defines; tests "use" modules without being edges; outside packages listed apart.

const builders = {
  python: buildPythonRepo,
  go: buildGoRepo,
  java: buildJavaRepo,
  ts: buildTsRepo,
  rust: buildRustRepo,
  csharp: buildCsharpRepo,
  polyglot: () => buildPolyglotRepo(1024),
};
type Lang = keyof typeof builders;
const repos: GitFixture[] = [];
const analyses = {} as Record<Lang, RepositoryAnalysis>;

beforeAll(async () => {
  for (const [lang, build] of Object.entries(builders) as [Lang, () => GitFixture][]) {
    const repo = build();
    repos.push(repo);
    analyses[lang] = await analyzeRepository(repo.dir, true, createWarehouseConfig());
  }
}, 120_000);

afterAll(() => {
  for (const repo of repos) repo.cleanup();
});

/** Edges as `from -> to`, by module key ('' shown as `(root)`). */
const edges = (lang: Lang) =>
  analyses[lang].importGraph.map((e) => `${e.from || '(root)'} -> ${e.to || '(root)'}`);
const tests = (lang: Lang) =>
  Object.fromEntries(analyses[lang].testImports.map((t) => [t.module || '(root)', t.files]));
const external = (lang: Lang) =>
  Object.fromEntries(analyses[lang].externalImports.map((x) => [x.module || '(root)', x.packages]));
const entries = (lang: Lang) => analyses[lang].entryPoints.map((e) => `${e.label} @ ${e.file}`);

describe('import graph from resolved imports', () => {
  it('Python src layout: absolute imports by import path, relative imports by package, `from a import b`', () => {
    expect(edges('python')).toEqual([
      // core.py: `if TYPE_CHECKING: from acme.util.text import Text`
      'src/acme -> src/acme/util',
      // cli/main.py: `from acme.core import Engine`, `from ..util.text import slugify`, `from acme import plugins`
      'src/acme/cli -> src/acme',
      'src/acme/cli -> src/acme/plugins',
      'src/acme/cli -> src/acme/util',
    ]);
    expect(tests('python')).toEqual({ 'src/acme': ['tests/test_core.py'] });
    // `from __future__`, a relative import above the repository and the package itself are no packages.
    expect(external('python')).toEqual({
      'src/acme': ['json', 'typing', 'ujson'],
      'src/acme/cli': ['requests', 'sys'],
    });
    expect(entries('python')).toEqual([
      'package acme @ src/acme/__init__.py',
      'command acme @ src/acme/cli/main.py',
      'python -m acme.cli @ src/acme/cli/__main__.py',
    ]);
  });

  it('Go: import paths are the go.mod module path plus the folder; the root package is one', () => {
    expect(edges('go')).toEqual(['(root) -> internal/wire', 'cmd/gokit -> (root)']);
    // kit_test.go is in the root package.
    expect(tests('go')).toEqual({ '(root)': ['kit_test.go'] });
    // `github.com/acme/gokit/nothing` is inside the module but no package: ignored.
    expect(external('go')).toEqual({ '(root)': ['context', 'errors', 'net/http'] });
    expect(entries('go')).toEqual([
      'package github.com/acme/gokit @ kit.go',
      'command github.com/acme/gokit/cmd/gokit @ cmd/gokit/main.go',
    ]);
  });

  it('Java: fully qualified, wildcard and static imports reach the package folder in any Maven module', () => {
    const core = 'core/src/main/java/com/acme/core';
    expect(edges('java')).toEqual([
      `${core} -> ${core}/reflect`,
      `extras/src/main/java/com/acme/extras -> ${core}`,
      `extras/src/main/java/com/acme/extras -> ${core}/reflect`,
      `extras/src/main/java/com/acme/extras -> ${core}/stream`,
    ]);
    // GsonTest sits in package com.acme.core without importing it.
    expect(tests('java')).toEqual({ [core]: ['core/src/test/java/com/acme/core/GsonTest.java'] });
    expect(external('java')).toEqual({
      [`${core}/annotations`]: ['java.lang.annotation'],
      [`${core}/reflect`]: ['java.lang.reflect'],
      [`${core}/stream`]: ['java.io'],
      'extras/src/main/java/com/acme/extras': ['org.slf4j'],
    });
    // Each Maven module's package with the shortest name is its API.
    expect(entries('java')).toEqual([
      `package com.acme.core @ ${core}/Gson.java`,
      'package com.acme.extras @ extras/src/main/java/com/acme/extras/Extras.java',
      'main class com.acme.extras.Extras @ extras/src/main/java/com/acme/extras/Extras.java',
    ]);
  });

  it('TS: relative imports, tsconfig `paths` aliases; a wrong path is ignored, a bare name is a package', () => {
    expect(edges('ts')).toEqual(['src/plugins -> src', 'src/plugins -> src/lib']);
    expect(tests('ts')).toEqual({ src: ['test/store.test.ts'] });
    expect(external('ts')).toEqual({ 'src/plugins': ['zod'] });
    // main `dist/index.js` is read back to its source.
    expect(entries('ts')).toEqual(['package @acme/tsx-kit @ src/index.ts']);
  });

  it('Rust: crate::, self::, super::, modules declared beside the file, workspace crates by name', () => {
    expect(edges('rust')).toEqual([
      'crates/cli/src -> crates/core/src',
      'crates/cli/src -> crates/core/src/parser',
      'crates/core/src -> crates/core/src/parser',
      'crates/core/src/parser -> crates/core/src',
      'crates/core/src/parser/lexer -> crates/core/src',
      'crates/core/src/parser/lexer -> crates/core/src/parser',
    ]);
    expect(tests('rust')).toEqual({ 'crates/core/src': ['crates/core/tests/it.rs'] });
    expect(external('rust')).toEqual({ 'crates/cli/src': ['std'], 'crates/core/src/parser': ['serde'] });
    expect(entries('rust')).toEqual([
      'library crate acme-core @ crates/core/src/lib.rs',
      'binary acme-cli @ crates/cli/src/main.rs',
    ]);
  });

  it('C#: using directives (aliases too) reach the folders declaring the namespace', () => {
    expect(edges('csharp')).toEqual([
      'src/Acme.App -> src/Acme.Core',
      'src/Acme.App -> src/Acme.Core/Models',
      'src/Acme.Core -> src/Acme.Core/Models',
    ]);
    expect(tests('csharp')).toEqual({ 'src/Acme.Core': ['tests/Acme.Core.Tests/ClientTests.cs'] });
    expect(external('csharp')).toEqual({ 'src/Acme.App': ['System.Text'] });
    expect(entries('csharp')).toEqual(['main class Acme.App.Program @ src/Acme.App/Program.cs']);
  });

  it('a monorepo: workspace packages by their package.json name, CommonJS require of a path', () => {
    expect(edges('polyglot')).toEqual(['packages/web/src -> packages/core']);
    expect(analyses.polyglot.importGraph[0]?.files).toEqual([
      'packages/web/src/index.ts',
      'packages/web/src/legacy.js',
    ]);
    expect(external('polyglot')).toMatchObject({ gosvc: ['fmt'], pyapp: ['requests'] });
  });
});
