import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { GitFixture } from '../testing/git-fixture.js';
import { writeFixtureTree } from './fixture-tree.js';
import { prepareRepository } from './prepare-repository.js';

const work = mkdtempSync(join(tmpdir(), 'repowiki-prepare-'));
const repo = new GitFixture();
const plain = writeFixtureTree({ 'a.go': 'package a\n' });
afterAll(() => {
  repo.cleanup();
  plain.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('prepareRepository', () => {
  test('reads the committed HEAD only: uncommitted and untracked files are not counted', async () => {
    repo.write('go.mod', 'module example.test/a\n').write('a.go', 'package a\n\nfunc Exported() {}\n');
    const commit = repo.commit('first');
    repo
      .write('b.go', 'package a\n\nfunc Untracked() {}\n')
      .write('a.go', 'package a\n\nfunc Changed() {}\n');
    const prepared = await prepareRepository(repo.dir, join(work, 'tree'));
    expect(prepared).toMatchObject({ path: repo.dir, commit, files: 2 });
    expect(prepared.packages.map((p) => p.files)).toEqual([['a.go']]);
    expect(prepared.definitions.topLevel.map((d) => d.name)).toEqual(['Exported']);
    expect(prepared.index.lines.get('a.go')).toBe(3);
  });

  test('a folder without a repository is refused, naming it', async () => {
    await expect(prepareRepository(plain.dir, join(work, 'plain'))).rejects.toThrow(
      `${plain.dir} is not a git repository with a commit`,
    );
  });
});
