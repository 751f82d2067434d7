import { docOf } from './doc-comment.js';
import { cleanDoc } from './doc-text.js';
import { mentionedWords } from './mentions.js';
import type { FileSymbols } from './symbol-types.js';
import { walkSymbols } from './symbol-walker.js';
import { parserFor, type TsNode } from './tree-sitter.js';

/**
 * Symbols kept per file: a generated-looking source with thousands of declarations adds
 * nothing to a wiki. The rest is counted (`truncated`) and said on its API page. @default 2_000
 */
const MAX_SYMBOLS_PER_FILE = 2_000;

/**
 * Declarations (members included), imports, entry-point exports and mentioned words of one
 * source file via its tree-sitter grammar, or undefined when no grammar is bundled for the
 * language.
 */
export async function extractSymbols(language: string, source: string): Promise<FileSymbols | undefined> {
  const parser = await parserFor(language);
  if (!parser) return undefined;
  const tree = parser.parse(source);
  if (!tree) return undefined;
  try {
    const walked = walkSymbols(tree.rootNode, language, source, MAX_SYMBOLS_PER_FILE);
    const imports = walked.imports;
    // The walk over every call expression is the costliest step after the parse itself;
    // a file that never spells `require` cannot have a require() call.
    if (
      (language === 'JavaScript' || language === 'TypeScript' || language === 'TSX') &&
      source.includes('require')
    ) {
      for (const call of tree.rootNode.descendantsOfType('call_expression')) {
        if (call?.childForFieldName('function')?.text === 'require') {
          const arg = call.childForFieldName('arguments')?.namedChildren[0];
          if (arg?.type === 'string') imports.push(arg.text.replace(/^["'`]|["'`]$/g, ''));
        }
      }
    }
    const declared = declaredName(tree.rootNode);
    const packageDoc = fileDoc(tree.rootNode, language, source);
    return {
      symbols: walked.symbols,
      ...(walked.truncated > 0 ? { truncated: walked.truncated } : {}),
      imports,
      ...(declared ? { declared } : {}),
      ...(packageDoc ? { packageDoc } : {}),
      ...(walked.exportNames.length > 0 ? { exportNames: [...new Set(walked.exportNames)] } : {}),
      ...(walked.reexports.length > 0 ? { reexports: walked.reexports } : {}),
      words: mentionedWords(source),
    };
  } finally {
    // WASM memory is not garbage collected: every tree MUST be deleted.
    tree.delete();
  }
}

/** The first package or namespace clause among the top-level nodes. */
function declaredName(root: TsNode): string | undefined {
  for (const child of root.namedChildren) {
    switch (child?.type) {
      case 'package_clause':
        return child.namedChildren.find((c) => c?.type === 'package_identifier')?.text;
      case 'package_declaration':
        return child.namedChildren.find((c) => c?.type === 'scoped_identifier' || c?.type === 'identifier')
          ?.text;
      case 'namespace_declaration':
      case 'file_scoped_namespace_declaration':
        return child.childForFieldName('name')?.text;
    }
  }
  return undefined;
}

/**
 * The summary of what a file says about its package or module: the comment right above a
 * Go `package` clause or a Java `package` declaration (`package-info.java`), a Python module
 * docstring, Rust `//!` inner doc comments at the top of the file.
 */
function fileDoc(root: TsNode, language: string, source: string): string | undefined {
  if (language === 'Python') return docOf(root, source, root);
  if (language === 'Rust') {
    const lines: string[] = [];
    for (const child of root.namedChildren) {
      if (child?.type !== 'line_comment' || !child.text.startsWith('//!')) break;
      lines.push(child.text.replace(/\n$/, ''));
    }
    return lines.length > 0 ? cleanDoc(lines.join('\n')) : undefined;
  }
  if (language !== 'Go' && language !== 'Java') return undefined;
  const clause = root.namedChildren.find(
    (c) => c?.type === 'package_clause' || c?.type === 'package_declaration',
  );
  // Javadoc only (`/** … */`): the block right above a Java package clause is mostly a licence.
  if (language === 'Java' && clause?.previousNamedSibling?.text.startsWith('/**') !== true) return undefined;
  return clause ? docOf(clause, source) : undefined;
}
