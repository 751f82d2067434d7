import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbClient } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import type { GitFixture } from '../testing/git-fixture.js';
import { buildGoRepo } from '../testing/language-repos/go-root-package.js';
import { buildJavaRepo } from '../testing/language-repos/java-maven.js';
import { buildPythonRepo, PY_BIG_MODULES } from '../testing/language-repos/python-src-layout.js';
import { buildTsRepo } from '../testing/language-repos/ts-library.js';
import { auditMarkdown } from '../testing/markdown-audit.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, type LivePage, readWiki } from '../testing/warehouse-rows.js';
import { brokenLinks } from '../testing/wiki-links.js';
import { processWarehouse } from './process.handler.js';

// Issue 13: the wiki of a Python src-layout library, a Go library with a root package, a
// multi-module Maven library and a TypeScript library, through the real process handler.

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

interface Wiki {
  readonly pages: LivePage[];
  readonly files: string[];
  content(url: string): string;
  page(url: string): LivePage | undefined;
}

async function wikiOf(db: DbClient, build: () => GitFixture, name: string): Promise<Wiki> {
  const repo = build();
  fixtures.push(repo);
  const id = await insertWarehouse(db, { address: repo.dir, name });
  await processWarehouse({ warehouseId: id }, createTestContext(db, 'tasks.warehouse.process'), config);
  const pages = await readWiki(db, id);
  const files = repo.git('ls-files').trim().split('\n');
  // Every page is safe Markdown and every link leads somewhere.
  for (const p of pages) expect(auditMarkdown(p.content ?? '').problems, p.url).toEqual([]);
  expect(brokenLinks(pages, files)).toEqual([]);
  return {
    pages,
    files,
    content: (url) => pages.find((p) => p.url === url)?.content ?? '',
    page: (url) => pages.find((p) => p.url === url),
  };
}

const urlsOf = (w: Wiki) => w.pages.map((p) => p.url);

describe('wiki per language', () => {
  test('Python src layout: a page per package, a split large package, tests and infrastructure apart', async ({
    dbClient,
  }) => {
    const w = await wikiOf(dbClient, buildPythonRepo, 'acme-tools');
    const urls = urlsOf(w);
    for (const key of ['src/acme', 'src/acme/util', 'src/acme/plugins', 'src/acme/big']) {
      expect(urls).toContain(`modules/${key}`);
      expect(urls).toContain(`api/${key}`);
    }
    expect(urls).not.toContain('modules/src');
    expect(w.page('modules/src/acme')?.name).toBe('acme');
    expect(w.page('modules/src/acme/util')).toMatchObject({
      name: 'acme.util',
      parent_url: 'modules/src/acme',
    });
    // acme.big has more files than a page lists: parts, each file on exactly one of them.
    expect(urls).toEqual(expect.arrayContaining(['api/src/acme/big/~1', 'api/src/acme/big/~2']));
    const parts = [w.content('api/src/acme/big/~1'), w.content('api/src/acme/big/~2')];
    for (let i = 0; i < PY_BIG_MODULES; i++) {
      const fn = `fn_${String(i).padStart(2, '0')}`;
      expect(parts.filter((c) => c.includes(fn)).length, fn).toBe(1);
    }
    // The key-symbol cap says how many more and links to where they are.
    expect(w.content('modules/src/acme/big')).toMatch(
      /… 25 more on \[acme\.big API\]\(api\/src\/acme\/big\)/,
    );
    expect(w.content('tests')).toContain('tests/');
    expect(w.content('modules/src/acme')).not.toContain('test_engine');
    const infra = w.content('infrastructure');
    expect(infra).toContain('Continuous integration');
    expect(infra).toContain('`.github/workflows/`');
    expect(infra).toContain('`docs/`');
    expect(infra).toContain('`noxfile.py`');

    // Item 2: members, definitions under `if TYPE_CHECKING:`/`try:`, signatures, clean docs.
    const api = w.content('api/src/acme');
    for (const member of [
      '`__init__`** constructor',
      '`start`** method',
      '`name`** property',
      '`Config`** class',
      '`load`** method',
    ])
      expect(api).toContain(member);
    expect(api).toContain('`only_typed`** function');
    expect(api).toContain('`fast_dumps`** function');
    expect(api).toContain('`def start(self, *, timeout: float = 1.0) -> bool`');
    expect(api).toContain(': Runs Job objects, see run for details.');
    expect(api).not.toMatch(/:class:|:func:|noqa|:param/);
    expect(api).toContain('Not public: `Engine._private`.');
    // The names `__init__.py` exports come first among the key symbols.
    const keys = w.content('modules/src/acme').split('## Key symbols')[1] ?? '';
    expect(keys.indexOf('`Engine`')).toBeLessThan(keys.indexOf('`only_typed`'));
    expect(keys.indexOf('`run`')).toBeLessThan(keys.indexOf('`only_typed`'));
  });

  test('Go: the root package has a module page and an API page', async ({ dbClient }) => {
    const w = await wikiOf(dbClient, buildGoRepo, 'gokit');
    expect(w.page('modules/~root')?.name).toBe('github.com/acme/gokit');
    expect(w.page('modules/internal/wire')).toMatchObject({
      name: 'github.com/acme/gokit/internal/wire',
      parent_url: 'modules/~root',
    });
    expect(w.content('modules/~root')).toContain('Client');
    expect(w.content('api/~root')).toContain('NewClient');
    expect(w.content('modules/~root')).not.toContain('TestClient');
    expect(w.content('tests')).toContain('kit_test.go');

    const api = w.content('api/~root');
    expect(api).toContain('`func (c *Client) Do(ctx context.Context, req *Request) (*Response, error)`');
    expect(api).toMatch(
      /\*\*`Client`\*\* struct[^\n]*\n {2}- \*\*`Name`\*\* field[^\n]*\n {2}- \*\*`Do`\*\* method/,
    );
    // A method declared in another file than its type is listed there, under the type's name.
    expect(api).toMatch(/- members of `Client`:\n {2}- \*\*`Close`\*\* method/);
    expect(api).toMatch(/\*\*`Doer`\*\* interface[^\n]*\n {2}- \*\*`Do`\*\* method/);
    expect(api).toContain('Not public: `Client.timeout`.');
  });

  test('Java multi-module Maven: Maven modules hold one page per Java package', async ({ dbClient }) => {
    const w = await wikiOf(dbClient, buildJavaRepo, 'acme-json');
    const core = 'core/src/main/java/com/acme/core';
    expect(w.page('modules/core')).toMatchObject({ name: 'acme-core', parent_url: 'modules' });
    expect(w.page(`modules/${core}`)).toMatchObject({ name: 'com.acme.core', parent_url: 'modules/core' });
    for (const pkg of ['annotations', 'stream', 'reflect', 'internal'])
      expect(w.page(`modules/${core}/${pkg}`)).toMatchObject({
        name: `com.acme.core.${pkg}`,
        parent_url: `modules/${core}`,
      });
    expect(w.content('modules/core')).toContain('Maven module');
    expect(w.content(`api/${core}/annotations`)).toContain('SerializedName');
    expect(w.content(`api/${core}/stream`)).toContain('JsonReader');
    expect(w.content(`api/${core}/reflect`)).toContain('TypeToken');
    expect(w.page('modules/extras/src/main/java/com/acme/extras')?.name).toBe('com.acme.extras');
    expect(w.content('tests')).toContain('core/src/test/java/com/acme/core/');
    expect(w.content('infrastructure')).toContain('`.mvn/wrapper/`');
    expect(w.content('api')).not.toContain('pom.xml');

    const annotations = w.content(`api/${core}/annotations`);
    expect(annotations).toContain('**`SerializedName`** annotation — `public @interface SerializedName`');
    expect(annotations).toMatch(/ {2}- \*\*`value`\*\* method — `String value\(\)`[^\n]*: The name\./);
    expect(annotations).toContain('`alternate`');
    const gson = w.content(`api/${core}`);
    expect(gson).toContain('`public <T> T fromJson(String json, Class<T> type) throws JsonException`');
    expect(gson).toContain(': Converts src to JSON.');
    expect(gson).toContain(': The main entry point. Use Builder to configure one; see the guide.');
    expect(gson).not.toMatch(/\{@|@param|@since|<p>|&lt;a/);
    expect(gson).toMatch(/ {4}- \*\*`setLenient`\*\* method/);
    expect(gson).toMatch(/ {4}- \*\*`STRICT`\*\* enum-member/);
    expect(w.content(`api/${core}/internal`)).toContain('**`Pair`** record');
    expect(w.content(`modules/${core}`)).not.toContain('roundTrip');
  });

  test('TS: folders with an index are modules, named by the package', async ({ dbClient }) => {
    const w = await wikiOf(dbClient, buildTsRepo, 'tsx-kit');
    expect(w.page('modules/src')?.name).toBe('@acme/tsx-kit');
    expect(w.page('modules/src/plugins')).toMatchObject({
      name: '@acme/tsx-kit/plugins',
      parent_url: 'modules/src',
    });
    expect(w.content('api/src')).toContain('legacy');
    expect(w.content('infrastructure')).toContain('`vite.config.ts`');
    expect(w.content('tests')).toContain('test/');

    const api = w.content('api/src');
    expect(api).toContain('**`createStore`** function — `const createStore = <T,>(initial: T): Store<T> =>`');
    expect(api).toContain('Not public: `double`, `Store.state`.');
    for (const member of [
      '`get`** method',
      '`set`** method',
      '`of`** method',
      '`size`** property',
      '`onChange`** method',
      '`High`** enum-member',
    ])
      expect(api).toContain(member);
    expect(w.content('api/src/plugins')).toContain(
      '**`logger`** function — `const logger = async (name: string) =>`',
    );
    // What src/index.ts exports leads the key symbols; the test file is on none of them.
    const keys = w.content('modules/src').split('## Key symbols')[1] ?? '';
    expect(keys.indexOf('`createStore`')).toBeLessThan(keys.indexOf('`main`'));
    expect(keys.indexOf('`Store`')).toBeLessThan(keys.indexOf('`main`'));
    expect(w.pages.some((p) => p.url !== 'tests' && (p.content ?? '').includes('stores'))).toBe(false);
  });
});
