import { INFRA_KINDS, type InfraKind } from '../../analysis/file-role.js';
import { byFolder, count } from '../format.js';
import { mdCode as code, mdText as text } from '../markdown-escape.js';
import { fileIndex } from '../module-files.js';
import type { PageInput } from '../page-input.js';

const HEADINGS: Record<InfraKind, string> = {
  ci: 'Continuous integration',
  build: 'Build and packaging',
  docs: 'Documentation',
  assets: 'Assets',
  config: 'Configuration',
  other: 'Other files',
};

/**
 * Everything besides code and tests, grouped by what it is (CI, build, docs site, assets,
 * configuration), folder by folder; files at the repository root are named.
 */
export function infrastructurePage({ analysis: a }: PageInput): string[] {
  const infra = fileIndex(a).infra;
  const out = [`${count(infra.length, 'file')} that are not module code or tests.`];
  for (const kind of INFRA_KINDS) {
    const files = infra.filter((f) => (f.infra ?? 'other') === kind);
    if (files.length === 0) continue;
    out.push('', `## ${HEADINGS[kind]}`, '');
    for (const [dir, inDir] of byFolder(files)) {
      if (dir === '') out.push(...inDir.map((f) => `- ${code(f.path)}`));
      else
        out.push(
          `- ${code(`${dir}/`)}: ${count(inDir.length, 'file')}${inDir.length <= 3 ? ` (${inDir.map((f) => text(f.path.slice(dir.length + 1))).join(', ')})` : ''}`,
        );
    }
  }
  return out;
}
