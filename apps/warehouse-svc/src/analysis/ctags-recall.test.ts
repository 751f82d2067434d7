import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import type { GitFixture } from '../testing/git-fixture.js';
import { buildGoRepo } from '../testing/language-repos/go-root-package.js';
import { buildJavaRepo } from '../testing/language-repos/java-maven.js';
import { buildPythonRepo } from '../testing/language-repos/python-src-layout.js';
import { buildTsRepo } from '../testing/language-repos/ts-library.js';
import { analyzeRepository } from './analyze-repository.js';

// Issue 13, item 2: what Universal Ctags finds in the module code of each fixture, the
// analysis finds too — top-level definitions and members (methods, fields, enum
// constants, annotation elements), public ones (ctags' `access`, where it reports one).
// Package and namespace clauses and import aliases are no definitions.

const NOT_DEFINITIONS = new Set([
  'package',
  'packageName',
  'namespace',
  'import',
  'unknown',
  'local',
  'parameter',
]);
const fixtures: GitFixture[] = [];
afterAll(() => {
  for (const f of fixtures) f.cleanup();
});

interface Tag {
  readonly _type: string;
  readonly name: string;
  readonly path: string;
  readonly kind: string;
  readonly access?: string;
}

async function missing(build: () => GitFixture): Promise<{ missed: string[]; total: number }> {
  const repo = build();
  fixtures.push(repo);
  const a = await analyzeRepository(repo.dir, true, createWarehouseConfig());
  const ours = new Set(a.files.flatMap((f) => f.symbols.map((s) => `${f.path} ${s.name}`)));
  const code = new Set(a.files.filter((f) => f.role === 'source').map((f) => f.path));
  const out = execFileSync('/usr/bin/ctags', ['-R', '--output-format=json', '--fields=+Ka', '-f', '-', '.'], {
    cwd: repo.dir,
    encoding: 'utf8',
  });
  const tags = out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Tag)
    .filter(
      (t) =>
        t._type === 'tag' &&
        code.has(t.path) &&
        !NOT_DEFINITIONS.has(t.kind) &&
        t.access !== 'private' &&
        t.access !== 'protected',
    );
  return {
    missed: tags.filter((t) => !ours.has(`${t.path} ${t.name}`)).map((t) => `${t.kind} ${t.path} ${t.name}`),
    total: tags.length,
  };
}

describe('recall against Universal Ctags', () => {
  it.each([
    ['Python', buildPythonRepo, 55],
    ['Go', buildGoRepo, 15],
    ['Java', buildJavaRepo, 25],
    ['TypeScript', buildTsRepo, 18],
  ] as const)('%s: every public definition ctags finds is found', async (_lang, build, atLeast) => {
    const { missed, total } = await missing(build);
    expect(missed).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(atLeast);
  });
});
