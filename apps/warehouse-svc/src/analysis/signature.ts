import type { TsNode } from './tree-sitter.js';

/** Characters of a signature kept at most (cut at a word boundary, "…" appended). @default 240 */
export const MAX_SIGNATURE_CHARS = 240;

/** Children left out of a signature: comments, decorators, annotations, attributes. */
const LEFT_OUT = /comment|^decorator$|^annotation$|^marker_annotation$|^attribute_list$|^attribute_item$/;

/**
 * The declaration as written from `node`'s start up to `end` (its body, by default), with
 * comments, decorators and annotations cut out, whitespace collapsed and a trailing `{`,
 * `:` or `=` dropped: `def start(self, *, timeout: float = 1.0) -> bool`,
 * `public <T> T fromJson(String json, Class<T> type) throws JsonException`.
 */
export function signatureOf(node: TsNode, source: string, end?: number, start = node.startIndex): string {
  const stop = end ?? node.childForFieldName('body')?.startIndex ?? node.endIndex;
  const holes: [number, number][] = [];
  for (const child of node.namedChildren) {
    if (!child || child.startIndex >= stop) break;
    if (child.endIndex <= start) continue;
    if (LEFT_OUT.test(child.type)) holes.push([child.startIndex, child.endIndex]);
    else if (child.type === 'modifiers')
      for (const m of child.namedChildren)
        if (m && LEFT_OUT.test(m.type)) holes.push([m.startIndex, m.endIndex]);
  }
  let text = '';
  let at = start;
  for (const [a, b] of holes) {
    if (a > at) text += source.slice(at, a);
    at = Math.max(at, b);
  }
  if (stop > at) text += source.slice(at, stop);
  return tidy(text);
}

/** Whitespace collapsed, trailing `{ : = ;` dropped, cut at MAX_SIGNATURE_CHARS on a word boundary. */
export function tidy(text: string): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/\s*[{:=;,]\s*$/, '')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
  if (flat.length <= MAX_SIGNATURE_CHARS) return flat;
  const cut = flat.lastIndexOf(' ', MAX_SIGNATURE_CHARS - 1);
  return `${flat.slice(0, cut > 0 ? cut : MAX_SIGNATURE_CHARS - 1)}…`;
}
