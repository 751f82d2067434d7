import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';

/** A README for repositories that have none, from manifests and structure. */
export function synthesizeReadme(a: RepositoryAnalysis, repoName: string): string {
  const main = a.manifests.find((m) => !m.path.includes('/')) ?? a.manifests[0];
  const lines = [
    `# ${main?.name ?? repoName}`,
    '',
    main?.description ?? `${repoName} has no README; this one was generated from its files.`,
    '',
  ];
  if (a.languages.length)
    lines.push(
      `Languages: ${a.languages
        .slice(0, 5)
        .map((l) => l.name)
        .join(', ')}.`,
      '',
    );
  if (a.modules.length)
    lines.push(
      '## Modules',
      '',
      ...a.modules.map(
        (m) => `- \`${m.key}\`${m.manifest?.description ? `: ${m.manifest.description}` : ''}`,
      ),
      '',
    );
  if (a.manifests.length)
    lines.push('## Manifests', '', ...a.manifests.map((m) => `- \`${m.path}\` (${m.kind})`), '');
  return `${lines.join('\n').trim()}\n`;
}
