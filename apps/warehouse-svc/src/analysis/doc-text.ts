/**
 * A doc comment or docstring reduced to what a reader of an index wants: its summary (the
 * first sentence, two when the first is short) as plain text. Comment markers, lint
 * pragmas, block tags and field lists (`@param`, `:param x:`, `Args:`), Javadoc/JSDoc inline
 * tags, reST roles, C# XML doc, Markdown and HTML markup are removed; a summary longer than
 * MAX_DOC_CHARS is cut at a word boundary. Runs in the parse threads: erasable TypeScript.
 */

/** Characters of a summary kept at most (cut at a word boundary, "…" appended). @default 300 */
export const MAX_DOC_CHARS = 300;
/** A first sentence shorter than this takes the second one along. @default 60 */
const SHORT_SENTENCE = 60;

const MARKERS = /^\s*(\/\*\*?!?|\*\/|\*(?!\*)|\/\/[/!]?|#+(?!\w)|--+)\s?/;
const PRAGMA =
  /^\s*(eslint[- ]|biome-ignore|prettier-ignore|@ts-|tslint:|jshint|jscs:|noqa\b|nolint\b|NOSONAR|pylint:|pyright:|mypy:|type:\s*ignore|pragma\b|go:\w|\+build\b|nosec\b|istanbul ignore|c8 ignore|v8 ignore|rubocop:|#?region\b|#?endregion\b|fmt:\s*(off|on|skip)|isort:|ReSharper|clang-format|NOLINT|SuppressWarnings)/i;
const TRAILING_PRAGMA = /\s*(#|\/\/)\s*(noqa|nolint|type:\s*ignore|pragma|NOSONAR|pylint:)\b.*$/i;
const BLOCK_TAG = /^@[A-Za-z]+\b/;
const INLINE_BLOCK_TAG =
  /\s@(param|returns?|throws|exception|see|since|author|deprecated|version|example|type|typedef|template|remarks|default)\b.*$/;
const FIELD_LIST =
  /^:(param|parameter|arg|argument|key|keyword|type|returns?|rtype|raises?|raise|except|exception|var|ivar|cvar|vartype|yields?|ytype|meta|example|note|see|deprecated|version\w*)\b/i;
const SECTION =
  /^(Args|Arguments|Parameters|Params|Returns?|Yields?|Raises|Throws|Examples?|Notes?|Attributes|See Also|Warnings?|Todo|Keyword Args|Keyword Arguments|Other Parameters|References|Methods|Usage)\s*:?\s*$/;
const RULE = /^([-=~^*+#`]{3,}|\.\.\s+\w[\w-]*::.*)$/;
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|cf|approx|Mr|Mrs|Dr|St|No|Fig|al)\.$/i;
const ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** The summary of `raw` (a comment with its markers, or a docstring), or undefined when none is left. */
export function cleanDoc(raw: string): string | undefined {
  const summaryXml = /<summary>([\s\S]*?)<\/summary>/i.exec(raw);
  const lines = (summaryXml ? (summaryXml[1] ?? '') : raw)
    .replace(/<p>|<\/p>|<para>|<\/para>|<br\s*\/?>/gi, '\n\n')
    .split(/\r?\n/)
    .map((l) =>
      l
        .replace(/\*\/\s*$/, '')
        .replace(MARKERS, '')
        .replace(TRAILING_PRAGMA, '')
        .trim(),
    );
  const kept: string[] = [];
  for (const line of lines) {
    if (BLOCK_TAG.test(line) || FIELD_LIST.test(line) || SECTION.test(line) || RULE.test(line)) break;
    // A Markdown heading (`# Errors` in a Rust doc) starts a section.
    if (/^#{1,6}\s/.test(line)) break;
    if (PRAGMA.test(line)) continue;
    if (line === '' && kept.length > 0) break;
    if (line !== '') kept.push(line);
  }
  // A block tag on the summary's own line (`/** Maps. @param x in */`) ends it as well.
  const text = inlinePlain(kept.join(' ').replace(INLINE_BLOCK_TAG, ''));
  return text ? summarize(text) : undefined;
}

/** Inline markup of every doc dialect as plain text. */
function inlinePlain(text: string): string {
  // Code is set aside first (behind private-use markers), so `List<String>` in a code span is
  // not taken for an HTML tag.
  const code: string[] = [];
  const keep = (value: string) => `\uE000${code.push(value) - 1}\uE000`;
  return (
    text
      .replace(/\uE000/g, '')
      // reST roles: :class:`~a.b.C` → C, :func:`title <target>` → title.
      .replace(/:(?:[\w-]+:)?[\w-]+:`([^`]+)`/g, (_, v: string) =>
        v.includes('<') ? v.replace(/\s*<[^>]*>\s*$/, '') : v.startsWith('~') ? (v.split('.').pop() ?? v) : v,
      )
      .replace(/\{@(?:code|literal)\s([^}]*)\}/g, (_, v: string) => keep(v.trim()))
      .replace(/``([^`]+)``|`([^`]+)`/g, (m, a?: string, b?: string, at?: number, all?: string) =>
        // A reST hyperlink (`text <url>`_) and a Markdown intra-doc link ([`Foo`]) are no code.
        all?.[(at ?? 0) + m.length] === '_' || all?.[(at ?? 0) - 1] === '[' ? m : keep(a ?? b ?? ''),
      )
      // Javadoc/JSDoc inline tags: {@link Foo#bar label} → label, {@value X} → X.
      .replace(/\{@(?:link|linkplain)\s+([^}\s]+)(?:\s+([^}]*))?\}/g, (_, target: string, label?: string) =>
        (label?.trim() || target).replace(/^#/, '').replace(/#/g, '.'),
      )
      .replace(/\{@value\s*([^}]*)\}/g, '$1')
      .replace(/\{@\w+[^}]*\}/g, '')
      // C# XML doc: <see cref="X"/> → X, <paramref name="x"/> → x.
      .replace(/<(?:see|seealso)\s+(?:cref|href|langword)="([^"]*)"\s*\/>/gi, (_, v: string) =>
        v.replace(/^\w:/, ''),
      )
      .replace(/<(?:paramref|typeparamref)\s+name="([^"]*)"\s*\/>/gi, '$1')
      // Markdown and reST links, intra-doc links, emphasis, substitutions.
      .replace(/\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)/g, '$1')
      .replace(/`([^`<]+)\s<[^>]+>`_{1,2}/g, '$1')
      .replace(/\[`([^`\]]+)`\]/g, '$1')
      .replace(/(^|[\s(])(\*\*|__|\*|_)(?=\S)([^*_]*?\S)\2(?=$|[\s).,;:!?])/g, '$1$3')
      .replace(/\|(\w[\w ]*)\|/g, '$1')
      // HTML: tags go, entities are decoded.
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<\/?[A-Za-z][^<>]*>/g, '')
      .replace(/&(lt|gt|amp|quot|apos|nbsp|#39);/g, (_, e: string) => ENTITIES[e] ?? '')
      .replace(/\uE000(\d+)\uE000/g, (_, i: string) => code[Number(i)] ?? '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The first sentence (two when the first is short), at most MAX_DOC_CHARS, never cut inside a word. */
function summarize(text: string): string {
  const ends: number[] = [];
  const re = /[.!?](?=\s+["'([]?[A-Z0-9]|\s*$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!ABBREVIATIONS.test(text.slice(0, m.index + 1))) ends.push(m.index + 1);
    if (ends.length === 2) break;
  }
  const first = ends[0] ?? text.length;
  const second = ends[1];
  const end = first < SHORT_SENTENCE && second !== undefined && second <= MAX_DOC_CHARS ? second : first;
  const summary = text.slice(0, end).trim();
  if (summary.length <= MAX_DOC_CHARS) return summary;
  const cut = summary.lastIndexOf(' ', MAX_DOC_CHARS - 1);
  return `${(cut > 0 ? summary.slice(0, cut) : summary.slice(0, MAX_DOC_CHARS - 1)).replace(/[\s,;:]+$/, '')}…`;
}
