import { afterAll, describe, expect, test } from 'vitest';
import { writeFixtureTree } from './fixture-tree.js';
import { detectPackages, type SourcePackage } from './packages.js';
import { readSourceTree } from './source-tree.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function packagesOf(files: Record<string, string>): SourcePackage[] {
  const fixture = writeFixtureTree(files);
  cleanups.push(fixture.cleanup);
  return detectPackages(readSourceTree(fixture.dir));
}

const summary = (ps: SourcePackage[]) => ps.map((p) => `${p.language} ${p.dir || '.'} ${p.name}`);

describe('detectPackages', () => {
  test('Python: __init__ packages named from their import root, namespace packages under src/, tests left out', () => {
    const ps = packagesOf({
      'setup.py': 'from setuptools import setup\n',
      'src/click/__init__.py': '',
      'src/click/core.py': '',
      'src/click/test_core.py': '',
      'src/click/_impl/__init__.py': '',
      'src/click/_impl/x.py': '',
      'src/nspkg/plugins/a.py': '',
      'src/loose.py': '',
      'tests/__init__.py': '',
      'tests/test_basic.py': '',
      'docs/conf.py': '',
      'tools/helper.py': '',
    });
    expect(summary(ps)).toEqual([
      'python src/click click',
      'python src/click/_impl click._impl',
      'python src/nspkg/plugins nspkg.plugins',
    ]);
    expect(ps[0]?.files).toEqual(['src/click/__init__.py', 'src/click/core.py']);
    expect(ps[0]?.aliases).toEqual(['click']);
  });

  test('Go: every folder with non-test .go files, the root included, named by its package clause', () => {
    const ps = packagesOf({
      'go.mod': 'module github.com/acme/flags\n\ngo 1.21\n',
      'flag.go': 'package flags\n',
      'flag_test.go': 'package flags\n',
      'internal/parse/parse.go': '// Package parse.\npackage parse\n',
      'onlytests/a_test.go': 'package onlytests\n',
      '_examples/demo/main.go': 'package main\n',
      'testdata/x.go': 'package x\n',
      'vendor/v/v.go': 'package v\n',
    });
    expect(summary(ps)).toEqual(['go . flags', 'go internal/parse parse']);
    expect(ps[0]?.files).toEqual(['flag.go']);
    expect(ps[0]?.aliases).toEqual(['flags', 'github.com/acme/flags']);
    expect(ps[1]?.aliases).toContain('github.com/acme/flags/internal/parse');
  });

  test('Java: package folders under src/main/java of each Maven or Gradle module', () => {
    const ps = packagesOf({
      'pom.xml': '<project/>',
      'gson/pom.xml': '<project/>',
      'gson/src/main/java/com/google/gson/Gson.java': 'package com.google.gson;\n',
      'gson/src/main/java/com/google/gson/package-info.java': 'package com.google.gson;\n',
      'gson/src/main/java/com/google/gson/stream/JsonReader.java': 'package com.google.gson.stream;\n',
      'gson/src/main/java/com/google/gson/annotations/package-info.java': '',
      'gson/src/test/java/com/google/gson/GsonTest.java': '',
      'extras/build.gradle.kts': '',
      'extras/src/main/java/com/google/gson/extras/Extra.java': '',
      'nobuild/src/main/java/org/x/X.java': '',
    });
    expect(summary(ps)).toEqual([
      'java extras/src/main/java/com/google/gson/extras com.google.gson.extras',
      'java gson/src/main/java/com/google/gson com.google.gson',
      'java gson/src/main/java/com/google/gson/stream com.google.gson.stream',
    ]);
    expect(ps[1]?.files).toEqual(['gson/src/main/java/com/google/gson/Gson.java']);
  });

  test('TypeScript/JavaScript: folders with package.json or an index own the sources below them', () => {
    const ps = packagesOf({
      'package.json': JSON.stringify({ name: 'ky' }),
      'vitest.config.ts': '',
      'source/index.ts': '',
      'source/core/Ky.ts': '',
      'source/utils/index.ts': '',
      'source/utils/merge.ts': '',
      'source/utils/merge.test.ts': '',
      'source/types.d.ts': '',
      'test/index.ts': '',
      'packages/ui/package.json': '{"name": "@acme/ui"}',
      'packages/ui/src/button.tsx': '',
      'loose/a.js': '',
    });
    expect(summary(ps)).toEqual([
      'typescript . ky',
      'typescript packages/ui @acme/ui',
      'typescript source source',
      'typescript source/utils utils',
    ]);
    expect(ps.find((p) => p.dir === '')?.files).toEqual(['loose/a.js']);
    expect(ps.find((p) => p.dir === 'source')?.files).toEqual(['source/core/Ky.ts', 'source/index.ts']);
  });

  test('Rust: crates with a [package] table own their .rs files; a workspace root is not a crate', () => {
    const ps = packagesOf({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/fast-parse/Cargo.toml': '[package]\nname = "fast-parse"\nversion = "0.1.0"\n\n[dependencies]\n',
      'crates/fast-parse/src/lib.rs': '',
      'crates/fast-parse/src/lexer/mod.rs': '',
      'crates/fast-parse/tests/it.rs': '',
      'crates/fast-parse/benches/b.rs': '',
    });
    expect(summary(ps)).toEqual(['rust crates/fast-parse fast-parse']);
    expect(ps[0]?.files).toEqual(['crates/fast-parse/src/lexer/mod.rs', 'crates/fast-parse/src/lib.rs']);
    expect(ps[0]?.aliases).toEqual(['fast-parse', 'fast_parse']);
  });
});
