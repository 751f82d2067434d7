import { mdCode as code, mdText as text } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';

export function dependenciesPage({ analysis: a }: PageInput): string[] {
  const lines: string[] = [];
  for (const m of a.manifests) {
    lines.push(`## ${text(m.name ?? m.path)} (${code(m.path)}, ${m.kind})`, '');
    if (m.dependencies.length) lines.push(`Runtime: ${m.dependencies.map((v) => code(v)).join(', ')}`, '');
    if (m.devDependencies.length)
      lines.push(`Development: ${m.devDependencies.map((v) => code(v)).join(', ')}`, '');
    if (!m.dependencies.length && !m.devDependencies.length) lines.push('No dependencies declared.', '');
  }
  return lines;
}
