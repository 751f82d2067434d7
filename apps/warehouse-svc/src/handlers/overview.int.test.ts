import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbClient } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { auditMarkdown } from '../testing/markdown-audit.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, type LivePage, readWiki } from '../testing/warehouse-rows.js';
import { brokenLinks } from '../testing/wiki-links.js';
import { processWarehouse } from './process.handler.js';

// Issue 13, item 5: the Overview tells a newcomer what the repository is (the manifest's
// one-line description, the README's prose without its HTML banners), its numbers, main
// modules, entry points and how to install it.

const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
});
const fixtures: GitFixture[] = [];

afterAll(() => {
  for (const f of fixtures) f.cleanup();
  rmSync(reposDir, { recursive: true, force: true });
});

async function overviewOf(
  db: DbClient,
  repo: GitFixture,
): Promise<{ page: LivePage; body: string[]; meta: unknown }> {
  fixtures.push(repo);
  repo.commit('first');
  const id = await insertWarehouse(db, { address: repo.dir, name: 'fixture' });
  await processWarehouse({ warehouseId: id }, createTestContext(db, 'tasks.warehouse.process'), config);
  const pages = await readWiki(db, id);
  const page = pages.find((p) => p.url === 'overview');
  if (!page?.content) throw new Error('no overview');
  expect(auditMarkdown(page.content).problems).toEqual([]);
  expect(brokenLinks(pages, repo.git('ls-files').trim().split('\n'))).toEqual([]);
  const [row] = await db.sql<{ content: string; metadata: unknown }[]>`
    select o.content, i.metadata from document_overviews o join documents d on d.id = o.document_id
    join document_catalogs c on c.warehouse_id = d.warehouse_id and c.url = 'overview' and not c.is_deleted
    join document_file_items i on i.document_catalog_id = c.id
    where d.warehouse_id = ${id}`;
  expect(row?.content).toBe(page.content);
  return { page, body: page.content.split('\n').slice(2), meta: row?.metadata };
}

describe('Overview', () => {
  test('Python: the description first, README prose without logo or sponsors, modules, entry points, install', async ({
    dbClient,
  }) => {
    const repo = new GitFixture('repowiki-overview-py-');
    repo
      .write(
        'README.md',
        [
          '<p align="center"><img src="docs/logo.png" alt="Acme logo"></p>',
          '',
          '<div align="center">',
          '',
          '**Sponsored by** <a href="https://sponsor.example"><img src="s.png"></a>',
          '',
          'Thanks to our generous sponsors who keep this project alive!',
          '',
          '</div>',
          '',
          '[![PyPI](https://img.shields.io/pypi/v/acme.svg)](https://pypi.org/project/acme)',
          '',
          'Acme turns <b>raw events</b> into weekly reports for teams.',
          '',
          '## Install',
          '',
          'pip install acme',
        ].join('\n'),
      )
      .write(
        'pyproject.toml',
        '[project]\nname = "acme"\ndescription = "Event reports, in one line."\n\n[project.scripts]\nacme = "acme.cli:main"\n',
      )
      .write('src/acme/__init__.py', '"""Turns events into reports."""\nfrom .core import Report, build\n')
      .write('src/acme/core.py', 'class Report:\n    pass\n\n\ndef build():\n    return Report()\n')
      .write('src/acme/cli.py', 'def main():\n    print("acme")\n')
      .write('src/acme/__main__.py', 'from .cli import main\n\nmain()\n')
      .write('examples/demo/demo.py', 'def show():\n    pass\n')
      .write('docs/requirements.txt', 'sphinx\nfuro\n')
      .write('tests/test_core.py', 'def test_build():\n    pass\n');
    const { page, body, meta } = await overviewOf(dbClient, repo);
    const text = page.content ?? '';

    expect(body[0]).toBe('Event reports, in one line.');
    expect(body[2]).toBe('Acme turns raw events into weekly reports for teams.');
    for (const banner of ['Sponsored', 'sponsors', 'logo', 'img', '<', 'shields.io'])
      expect(text).not.toContain(banner);
    expect(text).toContain('- **Languages:** Python (6 files)');
    expect(text).toMatch(/\*\*Code:\*\* 5 source files in 2 modules; 1 public type, 3 public functions/);
    expect(text).toContain('- **Tests:** 1 file ([Tests](tests))');
    expect(text).toContain(
      '- [acme](modules/src/acme) (Python package, 4 files, 3 public symbols) — Turns events into reports.',
    );
    expect(text).not.toContain('](modules/examples/demo)');
    expect(text).toContain('- `acme` — command running `acme.cli:main` (`pyproject.toml`)');
    expect(text).toContain('- `python -m acme` — program (`src/acme/__main__.py`)');
    expect(text).toContain('```sh\npip install acme\n```');
    expect(text).not.toContain('requirements.txt');
    // Recorded: the files it says things from, and the digest of what it was built from.
    expect(page.sources).toEqual([
      'README.md',
      'pyproject.toml',
      'src/acme/__init__.py',
      'src/acme/__main__.py',
    ]);
    expect(meta).toMatchObject({ kind: 'overview', inputs: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test('Go: the root package comment describes it; a command under cmd/ is an entry point', async ({
    dbClient,
  }) => {
    const repo = new GitFixture('repowiki-overview-go-');
    repo
      .write('README.md', '# flags\n\n[![Go](https://pkg.go.dev/badge/x)](https://pkg.go.dev/x)\n')
      .write('go.mod', 'module example.test/flags\n\ngo 1.22\n')
      .write('LICENSE', 'MIT\n')
      .write('doc.go', '// Copyright 2026 Acme.\n\n// Package flags parses command lines.\npackage flags\n')
      .write(
        'flag.go',
        'package flags\n\n// Flag is one option.\ntype Flag struct{}\n\n// Parse reads flags.\nfunc Parse() {}\n',
      )
      .write('cmd/flagtool/main.go', 'package main\n\nfunc main() {}\n');
    const { page, body } = await overviewOf(dbClient, repo);
    const text = page.content ?? '';
    expect(body[0]).toBe('Package flags parses command lines.');
    expect(text).toContain('- **Languages:** Go (3 files)');
    // Said once: the root package's own line is not repeated under Main modules.
    expect(text).toContain('- [example.test/flags](modules/~root) (Go package, 2 files, 2 public symbols)\n');
    expect(text).toContain('- `go run ./cmd/flagtool` — program (`cmd/flagtool/main.go`)');
    expect(text).toContain('```sh\ngo get example.test/flags\n```');
    expect(page.sources).toEqual(['README.md', 'cmd/flagtool/main.go', 'doc.go', 'go.mod']);
  });
});
