import { checkMermaidBlocks, type MermaidCheck } from './check-mermaid.js';
import { checkMapUrls, type MapUrlCheck } from './mind-map-urls.js';
import { type PackageCoverage, packagesWithPage } from './package-pages.js';
import type { SourcePackage } from './packages.js';
import { readPageMarkdown } from './page-markdown.js';
import type { PublicDefinitions } from './public-definitions.js';
import type { RepositoryIndex } from './resolve-url.js';
import { type Recall, symbolRecall } from './symbol-recall.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

export interface WikiMeasures {
  readonly pages: number;
  readonly packages: PackageCoverage;
  readonly topLevel: Recall;
  readonly methods: Recall;
  readonly mermaid: MermaidCheck;
  readonly mapUrls: MapUrlCheck;
}

/**
 * Everything the benchmark says about one stored wiki, judged against the repository: pages,
 * packages with a page, recall of public definitions and methods, Mermaid blocks that parse,
 * mind-map urls that resolve. The overview is measured as a page when the catalog has none
 * with its text.
 */
export async function measureWiki(input: {
  readonly snapshot: WikiSnapshot;
  readonly packages: readonly SourcePackage[];
  readonly definitions: PublicDefinitions;
  readonly repository: RepositoryIndex;
}): Promise<WikiMeasures> {
  const { snapshot } = input;
  const texts = snapshot.pages.map((p) => ({ ...p, markdown: readPageMarkdown(p.content) }));
  if (snapshot.overview !== null && !snapshot.pages.some((p) => p.content === snapshot.overview)) {
    const overview = snapshot.overview;
    texts.push({
      url: '(overview)',
      name: 'Overview',
      parentUrl: null,
      order: -1,
      content: overview,
      sources: [],
      markdown: readPageMarkdown(overview),
    });
  }
  const recallPages = texts.map((p) => ({
    sources: p.sources,
    content: p.content,
    codeIdentifiers: p.markdown.codeIdentifiers,
  }));
  return {
    pages: snapshot.pages.length,
    packages: packagesWithPage(input.packages, snapshot.pages),
    topLevel: symbolRecall(input.definitions.topLevel, recallPages),
    methods: symbolRecall(input.definitions.methods, recallPages),
    mermaid: await checkMermaidBlocks(
      texts.flatMap((p) => p.markdown.mermaidBlocks.map((source) => ({ url: p.url, source }))),
    ),
    mapUrls: checkMapUrls(snapshot.minimap, input.repository),
  };
}
