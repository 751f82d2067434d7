import { byFolder, count, languagesOf } from '../format.js';
import { mdCode as code, mdText as text } from '../markdown-escape.js';
import { fileIndex } from '../module-files.js';
import type { PageInput } from '../page-input.js';

/**
 * Test suites, benchmarks and fixtures, folder by folder (every folder listed): they are
 * kept off the module pages and out of "Key symbols".
 */
export function testsPage({ analysis: a }: PageInput): string[] {
  const tests = fileIndex(a).tests;
  const folders = byFolder(tests);
  const symbols = tests.reduce((n, f) => n + f.symbols.length, 0);
  const out = [
    `${count(tests.length, 'test file')} in ${count(folders.length, 'folder')} (${count(symbols, 'symbol')}); languages: ${text(languagesOf(tests) || 'none detected')}.`,
    '',
    '| Folder | Files | Languages |',
    '| --- | --- | --- |',
  ];
  for (const [dir, files] of folders)
    out.push(
      `| ${text(dir ? `${dir}/` : '(repository root)')} | ${files.length} | ${text(languagesOf(files))} |`,
    );
  const root = folders.find(([dir]) => dir === '')?.[1] ?? [];
  if (root.length) out.push('', `At the repository root: ${root.map((f) => code(f.path)).join(', ')}.`);
  return out;
}
