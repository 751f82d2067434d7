import { cleanDoc } from './doc-text.js';
import type { TsNode } from './tree-sitter.js';

/** Siblings between a doc comment and its declaration that do not break the two apart. */
const BETWEEN = new Set(['decorator', 'attribute_item', 'annotation', 'marker_annotation']);

/** Rust line comments end at column 0 of the next row (they include the newline). */
const endRow = (node: TsNode) =>
  node.endPosition.column === 0 ? node.endPosition.row - 1 : node.endPosition.row;

/**
 * The summary of the doc of a declaration: the comments right above `anchor` (no blank
 * line between; decorators and attributes may sit between), or, for Python, the docstring
 * opening `docBody`. An `export` wrapper's comment counts for what it wraps.
 */
export function docOf(anchor: TsNode, source: string, docBody?: TsNode | null): string | undefined {
  if (docBody) {
    const first = docBody.namedChildren[0];
    const str = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
    if (str?.type === 'string')
      return cleanDoc(str.text.replace(/^[rbuRBU]*("""|'''|"|')|("""|'''|"|')$/g, ''));
  }
  // Most declarations have no comment above them: the text says so without asking the tree.
  if (!commentAbove(source, anchor.startIndex)) return undefined;
  const lines: string[] = [];
  let prev = anchor.previousNamedSibling;
  let expectedRow = anchor.startPosition.row - 1;
  while (prev && (prev.type.includes('comment') || BETWEEN.has(prev.type)) && endRow(prev) === expectedRow) {
    if (prev.type.includes('comment')) lines.unshift(prev.text);
    expectedRow = prev.startPosition.row - 1;
    prev = prev.previousNamedSibling;
  }
  if (lines.length === 0 && anchor.parent?.type === 'export_statement') return docOf(anchor.parent, source);
  return lines.length > 0 ? cleanDoc(lines.join('\n')) : undefined;
}

/** A line ending a comment, or a decorator/attribute line, right above the line of `index`. */
const ABOVE = /^(\/\/|\/\*|\*|#|--|@|\[)|\*\/$/;

function commentAbove(source: string, index: number): boolean {
  let end = source.lastIndexOf('\n', index - 1);
  while (end > 0) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const line = source.slice(start, end).trim();
    if (line !== '') return ABOVE.test(line);
    end = start - 1;
  }
  return false;
}
