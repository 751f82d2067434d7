import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { mdCode, mdText } from './markdown-escape.js';
import { moduleTitle } from './wiki-urls.js';

/**
 * A README for repositories that have none, from manifests and structure. Manifest names,
 * descriptions and paths are repository text: escaped like every page (markdown-escape.ts).
 */
export function synthesizeReadme(a: RepositoryAnalysis, repoName: string): string {
  const main = a.manifests.find((m) => !m.path.includes('/')) ?? a.manifests[0];
  const lines = [
    `# ${mdText(main?.name ?? repoName)}`,
    '',
    mdText(main?.description ?? `${repoName} has no README; this one was generated from its files.`),
    '',
  ];
  if (a.languages.length)
    lines.push(
      `Languages: ${a.languages
        .slice(0, 5)
        .map((l) => mdText(l.name))
        .join(', ')}.`,
      '',
    );
  if (a.modules.length)
    lines.push(
      '## Modules',
      '',
      ...a.modules.map(
        (m) =>
          `- ${mdCode(moduleTitle(m, repoName))}${m.manifest?.description ? `: ${mdText(m.manifest.description)}` : ''}`,
      ),
      '',
    );
  if (a.manifests.length)
    lines.push('## Manifests', '', ...a.manifests.map((m) => `- ${mdCode(m.path)} (${m.kind})`), '');
  return `${lines.join('\n').trim()}\n`;
}
