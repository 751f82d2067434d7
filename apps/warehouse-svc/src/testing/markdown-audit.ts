import MarkdownIt from 'markdown-it';

/**
 * The most permissive reader a wiki page may meet: raw HTML passed through, bare URLs
 * linked, and every link target kept (markdown-it's own `validateLink` would hide a
 * `javascript:` link we wrote; `marked` and many consoles do not check at all).
 */
const reader = new MarkdownIt({ html: true, linkify: true });
reader.validateLink = () => true;
type Token = ReturnType<typeof reader.parse>[number];

/** Elements markdown-it renders from Markdown syntax alone (no raw HTML). */
const ELEMENTS = new Set(
  'p h1 h2 h3 h4 h5 h6 ul ol li code pre a strong em s blockquote hr br table thead tbody tr th td'.split(
    ' ',
  ),
);
const ATTRIBUTES: Record<string, RegExp> = {
  a: /^href="[^"]*"$/,
  code: /^class="language-[A-Za-z0-9_+-]*"$/,
  ol: /^start="\d+"$/,
  th: /^style="text-align:(left|center|right)"$/,
  td: /^style="text-align:(left|center|right)"$/,
};
/** The statements the wiki writes (generate/mermaid-flowchart.ts); anything else is a problem. */
const MERMAID_HEAD = /^(?:graph|flowchart) (?:LR|TD)$/;
const MERMAID_NODE = /^ {2}[em]\d+(?:\["([^"]*)"\]|\(\["([^"]*)"\]\))$/;
const MERMAID_SUBGRAPH = /^ {2}subgraph g\d+ \["([^"]*)"\]$/;
const MERMAID_PLAIN = /^(?: {4}[em]\d+| {2}end| {2}[em]\d+ --> m\d+)$/;
/** A label keeps letters, digits, ` _-./@:,+`, non-ASCII, and Mermaid entity codes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the class names all of ASCII
const MERMAID_LABEL = /^(?:[A-Za-z0-9 _\-./@:,+]|[^\x00-\x7f]|#quot;|#\d{1,7};)*$/u;

export interface MarkdownAudit {
  /** Everything wrong with the page; empty when it is safe. */
  readonly problems: string[];
  /** Link targets as the reader resolved them. */
  readonly hrefs: string[];
  /** The page's text as the reader shows it (tags removed, entities decoded). */
  readonly text: string;
  readonly html: string;
}

/**
 * Parses `markdown` with a real CommonMark + GFM parser and lists what a hostile
 * repository could have smuggled in: raw HTML (blocks or inline), images, links outside
 * http(s) and relative targets, elements or attributes Markdown alone never produces, and
 * Mermaid blocks that are not numbered nodes with escaped quoted labels and edges.
 */
export function auditMarkdown(markdown: string): MarkdownAudit {
  const problems: string[] = [];
  const hrefs: string[] = [];
  const tokens = reader.parse(markdown, {});
  const visit = (list: readonly Token[]) => {
    for (const t of list) {
      if (t.type === 'html_block' || t.type === 'html_inline') problems.push(`raw HTML: ${t.content.trim()}`);
      if (t.type === 'image') problems.push(`image: ${t.attrGet('src')}`);
      if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '');
        hrefs.push(href);
        if (!isSafeHref(href)) problems.push(`unsafe link: ${href}`);
      }
      if (t.type === 'fence' && t.info.trim() === 'mermaid') problems.push(...auditMermaid(t.content));
      if (t.children) visit(t.children);
    }
  };
  visit(tokens);
  const html = reader.renderer.render(tokens, reader.options, {});
  for (const [, close, name = '', attrs = ''] of html.matchAll(/<(\/?)([A-Za-z][\w-]*)([^>]*)>/g)) {
    const element = name.toLowerCase();
    if (!ELEMENTS.has(element)) problems.push(`element <${element}> in the rendered page`);
    const attributes = attrs.trim().replace(/\/$/, '').trim();
    if (!close && attributes && !ATTRIBUTES[element]?.test(attributes))
      problems.push(`attributes on <${element}>: ${attributes}`);
  }
  const text = decodeEntities(html.replace(/<[^>]*>/g, ''));
  return { problems, hrefs, text, html };
}

function isSafeHref(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
  if (/[\x00-\x20\x7f]/.test(href) || href.startsWith('//') || href.includes('\\')) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https';
}

function auditMermaid(source: string): string[] {
  const problems: string[] = [];
  const [head, ...rest] = source.trimEnd().split('\n');
  if (!MERMAID_HEAD.test(head ?? '')) problems.push(`mermaid: unexpected header ${head}`);
  for (const line of rest) {
    const labelled = MERMAID_NODE.exec(line) ?? MERMAID_SUBGRAPH.exec(line);
    if (labelled) {
      const label = labelled[1] ?? labelled[2] ?? '';
      if (!MERMAID_LABEL.test(label)) problems.push(`mermaid: unescaped label ${line}`);
    } else if (!MERMAID_PLAIN.test(line)) {
      problems.push(`mermaid: unexpected line ${line}`);
    }
  }
  return problems;
}

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
