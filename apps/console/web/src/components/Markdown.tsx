import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import mermaid from 'mermaid';
import { useEffect, useMemo, useRef } from 'react';

/**
 * Wiki pages are repository-derived text: hostile until proven otherwise (SECURITY.md, "Wiki
 * output"). markdown-it renders with raw HTML off, DOMPurify then keeps an allow-list of tags and
 * only http(s), mailto and in-page links, and Mermaid draws diagrams at `securityLevel: 'strict'`.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
const fence = md.renderer.rules.fence!;
md.renderer.rules.fence = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (token.info.trim() === 'mermaid')
    return `<pre class="mermaid">${md.utils.escapeHtml(token.content)}</pre>`;
  return fence(tokens, idx, options, env, self);
};

// Labels as SVG text, not HTML: Mermaid's own sanitiser keeps tags such as <img> in HTML labels.
mermaid.initialize({
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'neutral',
  htmlLabels: false,
  flowchart: { htmlLabels: false },
});

const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/))/i;
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_URL.test(href)) node.removeAttribute('href');
    else if (/^https?:/i.test(href)) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
});

/** `path` or `path:12` in a code span → a link into the repository at the wiki's commit. */
export type CitationLink = (path: string, line: number | undefined) => string | undefined;

export function renderMarkdown(text: string, citation?: CitationLink): string {
  const html = DOMPurify.sanitize(md.render(text), {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'img'],
    FORBID_ATTR: ['style'],
  });
  if (!citation) return html;
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  for (const code of doc.querySelectorAll('code')) {
    if (code.closest('pre, a')) continue;
    const m = /^([\w@./-]+\.[\w]+)(?::(\d+))?$/.exec(code.textContent ?? '');
    const href = m ? citation(m[1]!, m[2] ? Number(m[2]) : undefined) : undefined;
    if (!href || !SAFE_URL.test(href)) continue;
    const a = doc.createElement('a');
    a.href = href;
    a.className = 'citation';
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    code.replaceWith(a);
    a.appendChild(code);
  }
  return doc.body.firstElementChild!.innerHTML;
}

export function Markdown({ text, citation }: { text: string; citation?: CitationLink }) {
  const el = useRef<HTMLDivElement>(null);
  const html = useMemo(() => renderMarkdown(text, citation), [text, citation]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new HTML in the element is the reason to draw again
  useEffect(() => {
    const nodes = el.current?.querySelectorAll<HTMLElement>('pre.mermaid');
    if (nodes?.length) void mermaid.run({ nodes: [...nodes], suppressErrors: true });
  }, [html]);
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify (renderMarkdown)
    <div ref={el} className="markdown" data-testid="wiki-page" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
