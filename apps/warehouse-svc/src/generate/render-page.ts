import type { PageKind } from './catalog-plan.js';
import { mdText as text } from './markdown-escape.js';
import type { PageInput } from './page-input.js';
import { apiIndexPage, apiModulePage, apiPartPage } from './pages/api.page.js';
import { architecturePage } from './pages/architecture.page.js';
import { dependenciesPage } from './pages/dependencies.page.js';
import { gettingStartedPage } from './pages/getting-started.page.js';
import { infrastructurePage } from './pages/infrastructure.page.js';
import { modulePage } from './pages/module.page.js';
import { modulesIndexPage } from './pages/modules-index.page.js';
import { overviewPage } from './pages/overview.page.js';
import { sourcesSection } from './pages/sources-section.js';
import { testsPage } from './pages/tests.page.js';
import { updateLogPage } from './pages/update-log.page.js';

const BODIES: Record<PageKind, (input: PageInput) => string[]> = {
  overview: overviewPage,
  'getting-started': gettingStartedPage,
  architecture: architecturePage,
  modules: modulesIndexPage,
  module: modulePage,
  api: apiIndexPage,
  'api-module': apiModulePage,
  'api-part': apiPartPage,
  tests: testsPage,
  infrastructure: infrastructurePage,
  dependencies: dependenciesPage,
  'update-log': updateLogPage,
};

/**
 * Deterministic Markdown for one catalog page. Same analysis in → same text out. Every
 * value from the repository goes through `markdown-escape.ts` (or `readme-excerpt.ts` for
 * README text): a page holds no raw HTML and no link outside http(s) and relative targets.
 */
export function renderPage(input: PageInput): string {
  const lines = [
    `# ${text(input.page.name)}`,
    '',
    ...BODIES[input.page.kind](input),
    '',
    ...sourcesSection(input),
  ];
  return `${lines.join('\n').trim()}\n`;
}
