import type { SymbolKind } from './symbol-types.js';
import type { TsNode } from './tree-sitter.js';

/** Where the walker stands: at top level, or inside the body of a type. */
export interface Scope {
  readonly language: string;
  readonly source: string;
  /** Dotted path of the enclosing type; unset at top level. */
  readonly owner?: string;
  readonly ownerKind?: SymbolKind;
  /** The enclosing type is public (Rust trait items, enum variants take it over). */
  readonly ownerPublic: boolean;
  /** Inside a Rust `impl Trait for X`: its functions are the trait's, public. */
  readonly implTrait?: boolean;
  /** Inside an `export` statement (TS/JS). */
  readonly exported: boolean;
  /** The TS/JS file has ESM exports; without any, every top-level declaration counts as public. */
  readonly esm: boolean;
}

/** One declaration found at a node. */
export interface Decl {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declaration's extent (lines, signature). */
  readonly node: TsNode;
  readonly exported: boolean;
  /** The node whose preceding comments are its doc (default `node`). */
  readonly docAnchor?: TsNode;
  /** Python: the block whose docstring is its doc. */
  readonly docBody?: TsNode | null;
  /** The signature, when not `node` up to its body. */
  readonly signature?: string;
  /** Members to collect with this declaration as their owner. */
  readonly body?: TsNode | null;
  /** Owner of an out-of-line member (a Go method's receiver type). */
  readonly owner?: string;
}

/**
 * What a language's rules make of one node: declarations (each maybe with a body of
 * members), nodes to look into with the same scope (exports, `if`/`try` blocks, namespaces),
 * or a Rust `impl` whose functions belong to `owner`.
 */
export type Step =
  | { readonly decls: readonly Decl[] }
  | { readonly descend: readonly (TsNode | null | undefined)[]; readonly exported?: boolean }
  | { readonly impl: TsNode | null; readonly owner: string; readonly trait: boolean };

export type Declare = (node: TsNode, scope: Scope) => Step | undefined;

export const named = (node: TsNode | null | undefined, field = 'name') =>
  node?.childForFieldName(field)?.text;
