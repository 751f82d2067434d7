import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import type { GitFixture } from '../testing/git-fixture.js';
import { buildGoRepo } from '../testing/language-repos/go-root-package.js';
import { buildJavaRepo } from '../testing/language-repos/java-maven.js';
import { buildPythonRepo } from '../testing/language-repos/python-src-layout.js';
import { buildTsRepo } from '../testing/language-repos/ts-library.js';
import { type AnalyzedFile, analyzeRepository, type RepositoryAnalysis } from './analyze-repository.js';

// Issue 13, item 1: modules come from the language, not from the top folder.

const repos: Record<string, GitFixture> = {};
const analyses: Record<string, RepositoryAnalysis> = {};

beforeAll(async () => {
  for (const [lang, build] of Object.entries({
    python: buildPythonRepo,
    go: buildGoRepo,
    java: buildJavaRepo,
    ts: buildTsRepo,
  })) {
    const repo = build();
    repos[lang] = repo;
    analyses[lang] = await analyzeRepository(repo.dir, true, createWarehouseConfig());
  }
}, 60_000);

afterAll(() => {
  for (const repo of Object.values(repos)) repo.cleanup();
});

const modules = (lang: string) =>
  analyses[lang]?.modules.map((m) => ({ key: m.key, name: m.name, kind: m.kind, parent: m.parent })) ?? [];
const role = (lang: string, path: string) => analyses[lang]?.files.find((f) => f.path === path)?.role;
const moduleOfPath = (lang: string, path: string) =>
  analyses[lang]?.files.find((f: AnalyzedFile) => f.path === path)?.module;

describe('modules from the language', () => {
  it('Python src layout: packages under src/ named by import path, namespace package included, no "src" module', () => {
    expect(modules('python')).toEqual([
      { key: 'src/acme', name: 'acme', kind: 'python-package', parent: undefined },
      { key: 'src/acme/big', name: 'acme.big', kind: 'python-package', parent: 'src/acme' },
      { key: 'src/acme/cli', name: 'acme.cli', kind: 'python-package', parent: 'src/acme' },
      { key: 'src/acme/plugins', name: 'acme.plugins', kind: 'python-package', parent: 'src/acme' },
      { key: 'src/acme/util', name: 'acme.util', kind: 'python-package', parent: 'src/acme' },
    ]);
    expect(role('python', 'tests/test_core.py')).toBe('test');
    expect(role('python', 'tests/conftest.py')).toBe('test');
    expect(role('python', 'docs/conf.py')).toBe('infra');
    expect(role('python', 'noxfile.py')).toBe('infra');
    expect(analyses.python?.files.find((f) => f.path === '.github/workflows/ci.yml')).toMatchObject({
      role: 'infra',
      infra: 'ci',
    });
  });

  it('Go: the root package is a module named by go.mod, every directory a package', () => {
    expect(modules('go')).toEqual([
      { key: '', name: 'github.com/acme/gokit', kind: 'go-package', parent: undefined },
      { key: 'cmd/gokit', name: 'github.com/acme/gokit/cmd/gokit', kind: 'go-package', parent: '' },
      { key: 'internal/wire', name: 'github.com/acme/gokit/internal/wire', kind: 'go-package', parent: '' },
    ]);
    expect(moduleOfPath('go', 'kit.go')).toBe('');
    expect(moduleOfPath('go', 'close.go')).toBe('');
    expect(role('go', 'kit_test.go')).toBe('test');
    expect(moduleOfPath('go', 'kit_test.go')).toBeUndefined();
  });

  it('Java multi-module Maven: Maven modules hold packages named by their package clause', () => {
    expect(modules('java')).toEqual([
      { key: 'core', name: 'acme-core', kind: 'project', parent: undefined },
      {
        key: 'core/src/main/java/com/acme/core',
        name: 'com.acme.core',
        kind: 'java-package',
        parent: 'core',
      },
      {
        key: 'core/src/main/java/com/acme/core/annotations',
        name: 'com.acme.core.annotations',
        kind: 'java-package',
        parent: 'core/src/main/java/com/acme/core',
      },
      {
        key: 'core/src/main/java/com/acme/core/internal',
        name: 'com.acme.core.internal',
        kind: 'java-package',
        parent: 'core/src/main/java/com/acme/core',
      },
      {
        key: 'core/src/main/java/com/acme/core/reflect',
        name: 'com.acme.core.reflect',
        kind: 'java-package',
        parent: 'core/src/main/java/com/acme/core',
      },
      {
        key: 'core/src/main/java/com/acme/core/stream',
        name: 'com.acme.core.stream',
        kind: 'java-package',
        parent: 'core/src/main/java/com/acme/core',
      },
      {
        key: 'extras/src/main/java/com/acme/extras',
        name: 'com.acme.extras',
        kind: 'java-package',
        parent: undefined,
      },
    ]);
    // A Maven module with one package lends it its manifest.
    expect(analyses.java?.modules.at(-1)?.manifest?.name).toBe('acme-extras');
    expect(role('java', 'core/src/test/java/com/acme/core/GsonTest.java')).toBe('test');
    expect(role('java', '.mvn/wrapper/maven-wrapper.properties')).toBe('infra');
    expect(role('java', 'mvnw')).toBe('infra');
  });

  it('TS: folders with an index or package.json are modules, others belong to them', () => {
    expect(modules('ts')).toEqual([
      { key: 'src', name: '@acme/tsx-kit', kind: 'js-package', parent: undefined },
      { key: 'src/lib', name: '@acme/tsx-kit/lib', kind: 'js-package', parent: 'src' },
      { key: 'src/plugins', name: '@acme/tsx-kit/plugins', kind: 'js-package', parent: 'src' },
    ]);
    expect(moduleOfPath('ts', 'src/legacy.js')).toBe('src');
    expect(role('ts', 'test/store.test.ts')).toBe('test');
    expect(role('ts', 'vite.config.ts')).toBe('infra');
  });
});
