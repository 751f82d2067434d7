import type { Decl, Declare, Scope } from './declaration.js';
import { declareGo } from './declare-go.js';
import { declareJavaCs } from './declare-java-cs.js';
import { declareJs } from './declare-js.js';
import { declarePython } from './declare-python.js';
import { declareRust } from './declare-rust.js';
import { docOf } from './doc-comment.js';
import { collectLinks, type ModuleLinks } from './import-clauses.js';
import { signatureOf } from './signature.js';
import type { SymbolInfo } from './symbol-types.js';
import type { TsNode } from './tree-sitter.js';

const DECLARE: Record<string, Declare> = {
  TypeScript: declareJs,
  TSX: declareJs,
  JavaScript: declareJs,
  Python: declarePython,
  Go: declareGo,
  Java: declareJavaCs,
  'C#': declareJavaCs,
  Rust: declareRust,
};

/** Nesting followed at most (types in types in namespaces…). @default 8 */
const MAX_DEPTH = 8;

export interface WalkResult extends ModuleLinks {
  readonly symbols: SymbolInfo[];
  /** Symbols found past `limit`. */
  readonly truncated: number;
}

/**
 * Every declaration of a file: top-level ones, members of types (nested types too) and
 * declarations inside `if`/`try`, export wrappers and namespaces; imports on the way.
 */
export function walkSymbols(root: TsNode, language: string, source: string, limit: number): WalkResult {
  const declare = DECLARE[language];
  const result: { -readonly [K in keyof WalkResult]: WalkResult[K] } = {
    symbols: [],
    truncated: 0,
    imports: [],
    exportNames: [],
    reexports: [],
  };
  if (!declare) return result;
  const esm = /\bexport\b/.test(source);
  const add = (s: SymbolInfo) => {
    if (result.symbols.length < limit) result.symbols.push(s);
    else result.truncated++;
  };
  const walk = (container: TsNode, scope: Scope, depth: number) => {
    for (const node of container.namedChildren) {
      if (!node) continue;
      if (scope.owner === undefined && collectLinks(node, result)) continue;
      const step = declare(node, scope);
      if (!step || depth > MAX_DEPTH) continue;
      if ('descend' in step) {
        const inner = { ...scope, exported: scope.exported || step.exported === true };
        for (const n of step.descend) if (n) walk(n, inner, depth + 1);
      } else if ('impl' in step) {
        if (step.impl)
          walk(
            step.impl,
            { ...scope, owner: step.owner, ownerKind: 'struct', ownerPublic: true, implTrait: step.trait },
            depth + 1,
          );
      } else {
        for (const d of step.decls) {
          const symbol = toSymbol(d, scope, source);
          add(symbol);
          if (d.body)
            walk(
              d.body,
              {
                ...scope,
                owner: scope.owner ? `${scope.owner}.${d.name}` : d.name,
                ownerKind: d.kind,
                ownerPublic: d.exported,
                implTrait: false,
                exported: false,
              },
              depth + 1,
            );
        }
      }
    }
  };
  walk(root, { language, source, ownerPublic: true, exported: false, esm }, 0);
  return result;
}

function toSymbol(d: Decl, scope: Scope, source: string): SymbolInfo {
  const owner = d.owner ?? scope.owner;
  const doc = docOf(d.docAnchor ?? d.node, source, d.docBody);
  const end = d.node.endPosition;
  return {
    name: d.name,
    kind: d.kind,
    line: d.node.startPosition.row + 1,
    endLine: end.column === 0 && end.row > d.node.startPosition.row ? end.row : end.row + 1,
    exported: d.exported,
    ...(owner ? { owner } : {}),
    signature: d.signature ?? signatureOf(d.node, source),
    ...(doc ? { doc } : {}),
  };
}
