import MarkdownIt from 'markdown-it';

/** CommonMark + GFM tables, raw HTML off: how a wiki reader tokenises a page. */
const reader = new MarkdownIt({ html: false });
type Token = ReturnType<typeof reader.parse>[number];

/** What the benchmark reads from one page's Markdown. */
export interface PageMarkdown {
  /** Identifiers written as code: inline code spans and fenced/indented code blocks. */
  readonly codeIdentifiers: ReadonlySet<string>;
  /** Bodies of ```mermaid fences, in page order. */
  readonly mermaidBlocks: readonly string[];
  /** Link targets, in page order. */
  readonly links: readonly string[];
}

const IDENTIFIER = /[\p{L}_$][\p{L}\p{N}_$]*/gu;
/**
 * File paths and names inside code (`src/click/core.py#L3`, `Gson.java`): their segments are
 * not identifiers the page wrote. Without this, a Java class would count as documented on
 * any page listing its file, since the file is named after the class.
 */
const PATH_LIKE =
  /[^\s`'"()[\]{}<>,;]*\/[^\s`'"()[\]{}<>,;]*|[\p{L}\p{N}_.@-]+\.(?:py|pyi|go|java|kt|scala|ts|tsx|mts|cts|js|jsx|mjs|cjs|rs|cs|c|h|cpp|hpp|rb|php|swift|md|rst|txt|json|toml|ya?ml|xml|gradle|kts|lock|cfg|ini|html|css|sh)\b/giu;

/**
 * Tokenises `markdown` with markdown-it. A symbol counts as written on a page when its name
 * is an identifier inside code (a code span such as `` `parse_args` `` or a signature block),
 * file paths and file names left out; prose is not searched, where escaping (`load\_model`)
 * and common words would blur it.
 */
export function readPageMarkdown(markdown: string): PageMarkdown {
  const identifiers = new Set<string>();
  const mermaidBlocks: string[] = [];
  const links: string[] = [];
  const addCode = (code: string) => {
    for (const m of code.replace(PATH_LIKE, ' ').matchAll(IDENTIFIER)) identifiers.add(m[0]);
  };
  const visit = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      if (t.type === 'code_inline' || t.type === 'code_block') addCode(t.content);
      else if (t.type === 'fence') {
        if (t.info.trim().split(/\s+/)[0] === 'mermaid') mermaidBlocks.push(t.content);
        else addCode(t.content);
      } else if (t.type === 'link_open') links.push(String(t.attrGet('href') ?? ''));
      if (t.children) visit(t.children);
    }
  };
  visit(reader.parse(markdown, {}));
  return { codeIdentifiers: identifiers, mermaidBlocks, links };
}
