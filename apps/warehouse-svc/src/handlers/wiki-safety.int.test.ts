import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeOutlineSchema } from '@repowiki/contracts';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { plainLine } from '../generate/markdown-escape.js';
import { buildHostileRepo, HOSTILE_DESCRIPTION, HOSTILE_FOLDERS, XSS } from '../testing/hostile-repo.js';
import { auditMarkdown } from '../testing/markdown-audit.js';
import { parseMermaid } from '../testing/mermaid-check.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, readWiki } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

// Issue 12, finding 4: a repository author controls names, manifests, docstrings, commit
// messages and the README. Every page the real pipeline writes from such a repository is
// parsed with a permissive Markdown reader (raw HTML on, every link kept) and must hold
// no raw HTML, image or link outside http(s)/relative targets, and only escaped Mermaid.

const BIG_MANIFEST = 1536 * 1024;
const withReadme = buildHostileRepo({ readme: true, bigManifestBytes: BIG_MANIFEST });
const withoutReadme = buildHostileRepo({ readme: false });
const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
  // Lets the oversized Gemfile through the file-size limit to the manifest limit.
  maxFileBytes: 4 * 1024 * 1024,
});
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

afterAll(() => {
  withReadme.cleanup();
  withoutReadme.cleanup();
  rmSync(reposDir, { recursive: true, force: true });
});

async function processRepo(db: Parameters<typeof insertWarehouse>[0], dir: string) {
  const id = await insertWarehouse(db, { address: dir, name: '<b>repo</b>' });
  await processWarehouse({ warehouseId: id }, createTestContext(db, 'tasks.warehouse.process'), config);
  const [w] =
    await db.sql`select status, error, readme, optimized_directory_structure from warehouses where id = ${id}`;
  expect(w?.error).toBeNull();
  expect(w?.status).toBe('completed');
  return { id, warehouse: w, pages: await readWiki(db, id) };
}

describe('wiki output from a hostile repository', () => {
  test('every page is free of raw HTML, script links and unescaped Mermaid', async ({ dbClient }) => {
    const { id, warehouse, pages } = await processRepo(dbClient, withReadme.dir);
    const content = (url: string) => pages.find((p) => p.url === url)?.content ?? '';

    expect(pages.length).toBeGreaterThan(8);
    for (const page of pages) {
      expect(auditMarkdown(page.content ?? '').problems, page.url).toEqual([]);
      expect(CONTROL.test(page.name), page.url).toBe(false);
    }
    const [overview] =
      await dbClient.sql`select o.content from document_overviews o join documents d on d.id = o.document_id where d.warehouse_id = ${id}`;
    expect(auditMarkdown(overview?.content ?? '').problems).toEqual([]);

    // Each hostile folder is a module with its own page, linked inside the wiki.
    for (const key of Object.values(HOSTILE_FOLDERS))
      expect(pages.map((p) => p.url)).toContain(`modules/${key}`);
    const modules = auditMarkdown(content('modules'));
    const moduleLinks = modules.hrefs.filter((href) => href.startsWith('modules/'));
    expect(moduleLinks.length).toBe(Object.keys(HOSTILE_FOLDERS).length + 1);
    // The other links cite the page's sources, by repository path (a local repository).
    const sources = pages.find((p) => p.url === 'modules')?.sources ?? [];
    expect(
      modules.hrefs.filter((href) => !href.startsWith('modules/')).map((h) => decodeURIComponent(h)),
    ).toEqual(sources);
    // …and the values still read as what the author wrote, as text.
    expect(modules.text).toContain(XSS.data);
    expect(modules.text).toContain(HOSTILE_FOLDERS.link);

    // The diagram is drawn, with numbered nodes and every label inside its quotes.
    const architecture = content('architecture');
    expect(architecture).toContain('```mermaid');
    // (The module is named by the root package.json, whose name is hostile too.)
    expect(architecture).toMatch(/ {2}m\d+\["[^"\n]*\/a#quot;#93; --#62; evil#91;#quot;x"\]\n/);
    expect(architecture).toMatch(/ {2}m\d+ --> m\d+\n/);
    // Mermaid 11 parses it, and reads exactly the nodes and edges written: no label
    // added a node, an edge or a statement.
    let diagrams = 0;
    for (const page of pages) {
      for (const [, block = ''] of (page.content ?? '').matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        const lines = block.trimEnd().split('\n');
        const parsed = await parseMermaid(block);
        expect(parsed.type).toBe('flowchart-v2');
        expect(parsed.nodes).toEqual(
          lines.flatMap((l) => /^ {2}([em]\d+)\[|^ {2}([em]\d+)\(\[/.exec(l)?.slice(1).find(Boolean) ?? []),
        );
        expect(parsed.edges).toBe(lines.filter((l) => l.includes(' --> ')).length);
        diagrams++;
      }
    }
    // The module dependencies, and the entry-point flow when there are entry points.
    expect(diagrams).toBeGreaterThanOrEqual(1);

    // Docstrings, symbol names, scripts, commit titles and README text are escaped too.
    // (Docstrings are reduced to plain text first: the link's text stays, its target goes.)
    expect(auditMarkdown(content(`api/${HOSTILE_FOLDERS.scheme}`)).text).toContain('load');
    expect(auditMarkdown(content(`api/${HOSTILE_FOLDERS.scheme}`)).text).toContain(': x | a b not a heading');
    expect(auditMarkdown(content(`api/${HOSTILE_FOLDERS.html}`)).text).toContain(': alert(1) code | pipe x');
    expect(auditMarkdown(content('api/rust')).text).toContain('Foo<T>');
    expect(auditMarkdown(content('getting-started')).text).toContain(
      'echo `whoami` <script>alert(1)</script>',
    );
    expect(auditMarkdown(content('dependencies')).text).toContain(
      `Runtime: <b>dep</b>, evil\`dep, ${XSS.link}`,
    );
    expect(auditMarkdown(content('update-log')).text).toContain(
      '<script>alert(1)</script> [x](javascript:alert(1))',
    );
    expect(auditMarkdown(content('overview')).text).toContain('Hostile project: click x javascript:alert(1)');

    // A file name with a newline is not analysed; the note shows it on one line.
    const listed = pages.flatMap((p) => p.sources);
    expect(listed.some((s) => CONTROL.test(s))).toBe(false);
    expect(content('overview')).toMatch(/docs\/evil\uFFFD# heading .*: unsafe-name/);
    expect(content('overview')).toContain(
      `manifest over the ${1024 * 1024}-byte limit, not parsed: big/Gemfile`,
    );
    const tree = String(warehouse?.optimized_directory_structure).split('\n');
    expect(tree.some((line) => CONTROL.test(line) || line.includes('# heading'))).toBe(false);

    // The mind map is minimap-svc's (its tests draw one from a hostile outline). The outline it
    // is drawn from keeps names and paths as data, and none of them holds a control character.
    const [outlineRow] = await dbClient.sql`select value from code_outlines where warehouse_id = ${id}`;
    const outline = CodeOutlineSchema.parse(outlineRow?.value);
    const texts = outline.modules.flatMap((m) => [
      m.key,
      m.name,
      m.anchor,
      ...m.symbols.flatMap((s) => [s.name, s.path, ...s.members.flatMap((x) => [x.name, x.path])]),
    ]);
    for (const t of texts) expect(CONTROL.test(t), t).toBe(false);
    expect(outline.modules.map((m) => m.key)).toContain(HOSTILE_FOLDERS.html);
    expect(await dbClient.sql`select 1 from minimaps where warehouse_id = ${id}`).toHaveLength(0);
  });

  test('a README synthesised from a hostile manifest is escaped as well', async ({ dbClient }) => {
    const { warehouse, pages } = await processRepo(dbClient, withoutReadme.dir);
    const audit = auditMarkdown(String(warehouse?.readme));
    expect(audit.problems).toEqual([]);
    expect(audit.text).toContain(plainLine(HOSTILE_DESCRIPTION));
    for (const page of pages) expect(auditMarkdown(page.content ?? '').problems, page.url).toEqual([]);
  });
});
