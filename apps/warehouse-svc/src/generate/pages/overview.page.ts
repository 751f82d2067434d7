import { mdCode as code, stripHtml, mdText as text } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';
import { readmeExcerpt } from '../readme-excerpt.js';
import { kindLabel, moduleTitle, moduleUrl, pageLink } from '../wiki-urls.js';

/** Skipped files and notes listed at most; the rest is counted. @default 60 */
const MAX_LISTED = 60;

export function overviewPage({ analysis: a, classification, repoName }: PageInput): string[] {
  const description = a.manifests.find((m) => m.description)?.description;
  const intro = firstParagraph(a.readme?.content) ?? [text(description ?? `${repoName} repository.`)];
  const out = [
    ...intro,
    '',
    `**Classification:** ${classification}`,
    '',
    '## Languages',
    '',
    '| Language | Files | Bytes |',
    '| --- | --- | --- |',
  ];
  for (const l of a.languages.slice(0, 12)) out.push(`| ${text(l.name)} | ${l.files} | ${l.bytes} |`);
  out.push('', '## Modules', '');
  const top = a.modules.filter((m) => m.parent === undefined);
  for (const m of top) {
    const nested = a.modules.filter((c) => c.parent === m.key).length;
    const about = m.manifest?.description ? ` — ${text(m.manifest.description)}` : '';
    out.push(
      `- ${pageLink(moduleTitle(m, repoName), moduleUrl(m.key))} (${kindLabel(m)}${nested ? `, ${nested} nested` : ''})${about}`,
    );
  }
  if (a.modules.length === 0) out.push('No source code was found.');
  else if (a.modules.length > top.length)
    out.push('', `${a.modules.length} modules in all: see ${pageLink('Modules', 'modules')}.`);
  if (a.skipped.length > 0 || a.notes.length > 0) {
    out.push('', '## Skipped files and notes', '');
    for (const s of a.skipped.slice(0, MAX_LISTED))
      out.push(`- ${code(s.path)}: ${s.reason} — ${text(s.detail)}`);
    if (a.skipped.length > MAX_LISTED) out.push(`- … ${a.skipped.length - MAX_LISTED} more skipped`);
    for (const n of a.notes.slice(0, MAX_LISTED)) out.push(`- ${text(n)}`);
  }
  return out;
}

/**
 * The README's first paragraph of prose, as safe Markdown lines: headings, images, badge
 * lines and paragraphs that are only HTML (a centred logo) are passed over.
 */
function firstParagraph(md: string | undefined): string[] | undefined {
  if (!md) return undefined;
  for (const para of md.split(/\n[ \t]*\n/)) {
    const prose = stripHtml(para).trim();
    if (!prose || prose.startsWith('#') || prose.startsWith('![') || prose.startsWith('[!')) continue;
    if (/^(```|~~~)/.test(prose)) continue;
    const lines = readmeExcerpt(prose.slice(0, 1_000), 3);
    if (lines.length > 0) return lines;
  }
  return undefined;
}
