import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GRAMMARS } from './grammars.js';

type TreeSitterModule = typeof import('@vscode/tree-sitter-wasm');
export type TsNode = import('@vscode/tree-sitter-wasm').Node;
type TsParser = import('@vscode/tree-sitter-wasm').Parser;

/** The package ships a UMD bundle; load it through require so its exports are seen. */
const require = createRequire(import.meta.url);
const TreeSitter = require('@vscode/tree-sitter-wasm') as TreeSitterModule;
const WASM_DIR = dirname(require.resolve('@vscode/tree-sitter-wasm'));

let ready: Promise<void> | undefined;
const parsers = new Map<string, Promise<TsParser>>();

/** One parser per language per thread (each parse worker has its own); grammars load on first use. */
export async function parserFor(language: string): Promise<TsParser | undefined> {
  const file = GRAMMARS[language];
  if (!file) return undefined;
  ready ??= TreeSitter.Parser.init();
  await ready;
  let parser = parsers.get(language);
  if (!parser) {
    parser = TreeSitter.Language.load(join(WASM_DIR, file)).then((lang) => {
      const p = new TreeSitter.Parser();
      p.setLanguage(lang);
      return p;
    });
    parsers.set(language, parser);
  }
  return parser;
}
