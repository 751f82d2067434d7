/**
 * Languages parsed with tree-sitter. Kept apart from tree-sitter.ts so the main thread
 * can decide what to send to the parse workers without loading the WASM runtime.
 * linguist language name → grammar file shipped by @vscode/tree-sitter-wasm.
 */
export const GRAMMARS: Readonly<Record<string, string>> = {
  TypeScript: 'tree-sitter-typescript.wasm',
  TSX: 'tree-sitter-tsx.wasm',
  JavaScript: 'tree-sitter-javascript.wasm',
  Python: 'tree-sitter-python.wasm',
  Go: 'tree-sitter-go.wasm',
  Rust: 'tree-sitter-rust.wasm',
  Java: 'tree-sitter-java.wasm',
  'C#': 'tree-sitter-c-sharp.wasm',
};

/** A grammar is bundled for this linguist language name. */
export function hasGrammar(language: string): boolean {
  return Object.hasOwn(GRAMMARS, language);
}
