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
    return {
      symbols: walked.symbols,
      ...(walked.truncated > 0 ? { truncated: walked.truncated } : {}),
      imports,
      ...(declared ? { declared } : {}),
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
