import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { buildRustRepo } from '../testing/language-repos/rust-workspace.js';
import { buildTsRepo } from '../testing/language-repos/ts-library.js';
import { auditMarkdown } from '../testing/markdown-audit.js';
import { parseMermaid } from '../testing/mermaid-check.js';
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
  // Every page is safe Markdown and every link leads somewhere: a cited line range lies
  // inside its file (the repository is local, so citations are repository paths).
  for (const p of pages) expect(auditMarkdown(p.content ?? '').problems, p.url).toEqual([]);
  expect(brokenLinks(pages, files)).toEqual([]);
  for (const p of pages)
    for (const href of auditMarkdown(p.content ?? '').hrefs) {
      const range = /^([^#]+)#L(\d+)(?:-L(\d+))?$/.exec(href);
      if (!range) continue;
      const lines = readFileSync(join(repo.dir, decodeURIComponent(range[1] ?? '')), 'utf8').split(
        '\n',
      ).length;
      expect(Number(range[3] ?? range[2]), `${p.url}: ${href}`).toBeLessThanOrEqual(lines);
    }
  // Every Mermaid block parses with Mermaid 11's own parser.
  for (const p of pages)
    for (const [, block = ''] of (p.content ?? '').matchAll(/```mermaid\n([\s\S]*?)```/g))
      expect((await parseMermaid(block)).type, p.url).toBe('flowchart-v2');
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

    // Item 3: `from acme.core import Engine` in acme.cli is an arrow acme.cli → acme.
    const arch = w.content('architecture');
    expect(arch).toContain('| [acme.cli](modules/src/acme/cli) | [acme](modules/src/acme) | 1 |');
    expect(arch).toContain('| [acme.cli](modules/src/acme/cli) | [acme.util](modules/src/acme/util) | 1 |');
    expect(arch).toMatch(/m(\d+)\["acme\.cli"\][\s\S]*m(\d+)\["acme"\][\s\S]*/);
    expect(arch).toContain('- `command acme`: [`src/acme/cli/main.py`](src/acme/cli/main.py)');
    expect(arch).toContain('e1(["command acme"])');
    const acme = w.content('modules/src/acme');
    expect(acme).toContain('Used by: [acme.cli](modules/src/acme/cli)');
    expect(acme).toContain('Used by tests: 1 test file (`tests/test_core.py`)');
    expect(acme).toContain('Outside packages: `json`, `typing`, `ujson`');
    // Item 4: every symbol links its lines.
    expect(api).toMatch(
      /\*\*`Engine`\*\* class — `class Engine\(object\)` \(\[lines 20–47\]\(src\/acme\/core\.py#L20-L47\)\)/,
    );
    expect(w.content('modules/src/acme/cli')).toContain('[lines 14–16](src/acme/cli/main.py#L14-L16)');
    // Files importing a module are recorded sources of its page ("Used by" comes from them).
    expect(w.page('modules/src/acme')?.sources).toEqual(
      expect.arrayContaining(['src/acme/cli/main.py', 'tests/test_core.py']),
    );
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

    // Item 3: the root package is reached by the module path, and reaches its subpackage.
    const arch = w.content('architecture');
    expect(arch).toContain(
      '| [github.com/acme/gokit/cmd/gokit](modules/cmd/gokit) | [github.com/acme/gokit](modules/~root) | 1 |',
    );
    expect(arch).toContain(
      '| [github.com/acme/gokit](modules/~root) | [github.com/acme/gokit/internal/wire](modules/internal/wire) | 2 |',
    );
    expect(arch).not.toContain('gokit/nothing');
    expect(w.content('modules/~root')).toContain('Used by tests: 1 test file (`kit_test.go`)');
    expect(api).toMatch(/\*\*`NewClient`\*\* function[^\n]*\(\[lines 25–27\]\(kit\.go#L25-L27\)\)/);
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

    // Item 3: imports across Maven modules reach the package folders.
    const extras = 'extras/src/main/java/com/acme/extras';
    const arch = w.content('architecture');
    for (const to of ['', '/reflect', '/stream'])
      expect(arch).toContain(
        `| [com.acme.extras](modules/${extras}) | [com.acme.core${to.replace('/', '.')}](modules/${core}${to}) | 1 |`,
      );
    expect(arch).toContain('subgraph g0 ["acme-core"]');
    expect(arch).toContain('`main class com.acme.extras.Extras`');
    expect(w.content(`modules/${core}/stream`)).toContain(`Used by: [com.acme.extras](modules/${extras})`);
    expect(w.content(`modules/${core}`)).toContain('Used by tests: 1 test file');
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

    // Item 3: the `@/lib/format` alias of tsconfig.json is an arrow to the lib module.
    expect(w.content('modules/src/plugins')).toContain(
      'Uses: [@acme/tsx-kit](modules/src), [@acme/tsx-kit/lib](modules/src/lib)',
    );
    expect(w.content('modules/src/plugins')).toContain('Outside packages: `zod`');
    expect(w.content('architecture')).toContain('- `package @acme/tsx-kit`: [`src/index.ts`](src/index.ts)');
    expect(w.page('architecture')?.sources).toContain('tsconfig.json');
  });

  test('Rust workspace: crate paths and workspace crates give the architecture', async ({ dbClient }) => {
    const w = await wikiOf(dbClient, buildRustRepo, 'acme');
    const arch = w.content('architecture');
    expect(arch).toContain(
      '| [acme\\_cli](modules/crates/cli/src) | [acme\\_core::parser](modules/crates/core/src/parser) | 1 |',
    );
    expect(arch).toContain(
      '| [acme\\_core::parser::lexer](modules/crates/core/src/parser/lexer) | [acme\\_core](modules/crates/core/src) | 1 |',
    );
    expect(arch).toContain('`binary acme-cli`');
    expect(w.content('modules/crates/core/src')).toContain(
      'Used by tests: 1 test file (`crates/core/tests/it.rs`)',
    );
    expect(w.content('api/crates/core/src/parser')).toMatch(
      /\*\*`Parser`\*\* struct[^\n]*\(\[line 9\]\(crates\/core\/src\/parser\/mod\.rs#L9\)\)/,
    );
  });
});
