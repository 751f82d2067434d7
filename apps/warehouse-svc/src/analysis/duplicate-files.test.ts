import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { type AnalyzedFile, analyzeRepository, type RepositoryAnalysis } from './analyze-repository.js';
import { extractSymbols } from './symbols.js';

// Files with the same language and bytes (vendored copies) are parsed once per analysis:
// each copy must still get exactly what parsing it would give, as a row of its own.

const UTIL =
  'import os\n\n\ndef helper(path):\n    """Joins."""\n    return os.path.join(path, "x")\n\n\nclass Cache:\n    def get(self, key):\n        return key\n';
const SHARED_TEXT = 'export function shared(a) {\n  return a;\n}\n';

let repo: GitFixture;
let analysis: RepositoryAnalysis;
const file = (path: string): AnalyzedFile => {
  const f = analysis.files.find((x) => x.path === path);
  if (!f) throw new Error(`no row for ${path}`);
  return f;
};

beforeAll(async () => {
  repo = new GitFixture();
  // Copies far apart (other parse tasks) and side by side (the same task).
  repo.write('a/__init__.py', 'VERSION = 1\n');
  repo.write('a/util.py', UTIL);
  for (let i = 0; i < 40; i++)
    repo.write(`filler/m${String(i).padStart(2, '0')}.py`, `def f${i}():\n    return Cache\n`);
  repo.write('lib/x/util.py', UTIL);
  repo.write('pkg/y/util.py', UTIL);
  repo.write('z/util.py', `${UTIL}\n\ndef extra():\n    pass\n`);
  // The same bytes in two languages are two parses.
  repo.write('web/shared.js', SHARED_TEXT);
  repo.write('web/shared.ts', SHARED_TEXT);
  repo.commit('copies');
  analysis = await analyzeRepository(repo.dir, true, createWarehouseConfig());
}, 60_000);

afterAll(() => repo.cleanup());

describe('identical files', () => {
  it('each copy gets the symbols, imports and doc parsing it gives', async () => {
    const expected = await extractSymbols('Python', UTIL);
    for (const path of ['a/util.py', 'lib/x/util.py', 'pkg/y/util.py']) {
      expect(file(path).symbols).toEqual(expected?.symbols);
      expect(file(path).imports).toEqual(expected?.imports);
    }
    expect(file('a/util.py').symbols.map((s) => s.name)).toEqual(['helper', 'Cache', 'get']);
    expect(file('z/util.py').symbols.map((s) => s.name)).toEqual(['helper', 'Cache', 'get', 'extra']);
    expect(file('web/shared.js').symbols).toEqual((await extractSymbols('JavaScript', SHARED_TEXT))?.symbols);
    expect(file('web/shared.ts').symbols).toEqual((await extractSymbols('TypeScript', SHARED_TEXT))?.symbols);
  });

  it('rows of copies share no object', () => {
    expect(file('lib/x/util.py').symbols).not.toBe(file('a/util.py').symbols);
    expect(file('lib/x/util.py').symbols[0]).not.toBe(file('a/util.py').symbols[0]);
    expect(file('pkg/y/util.py').imports).not.toBe(file('lib/x/util.py').imports);
  });

  it('every copy counts as a file mentioning its names', () => {
    // 4 util.py files mention `helper`; `Cache`: those 4 and the 40 fillers.
    expect(analysis.mentions.get('helper')).toBe(4);
    expect(analysis.mentions.get('Cache')).toBe(44);
    expect(analysis.mentions.get('shared')).toBe(2);
  });
});
