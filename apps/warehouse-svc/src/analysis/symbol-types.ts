/**
 * What the parse threads return per file. Plain data (structured-cloned between threads).
 */

export type SymbolKind =
  | 'class'
  | 'interface'
  | 'struct'
  | 'enum'
  | 'annotation'
  | 'record'
  | 'trait'
  | 'type'
  | 'module'
  | 'function'
  | 'method'
  | 'constructor'
  | 'property'
  | 'field'
  | 'constant'
  | 'variable'
  | 'enum-member'
  | 'event'
  | 'delegate'
  | 'macro';

/** Kinds whose bodies hold members. */
export const TYPE_KINDS: ReadonlySet<SymbolKind> = new Set([
  'class',
  'interface',
  'struct',
  'enum',
  'annotation',
  'record',
  'trait',
  'module',
]);

export interface SymbolInfo {
  readonly name: string;
  readonly kind: SymbolKind;
  /** First line of the declaration (decorators and annotations included), 1-based. */
  readonly line: number;
  /** Last line of the declaration, 1-based. */
  readonly endLine: number;
  /**
   * Public as the language decides: exported (TS/JS ESM; every top-level declaration of a
   * file without `export`), capitalised (Go), `pub` (Rust), `public` or an interface or
   * annotation member (Java, C#), no leading underscore or a dunder name (Python).
   */
  readonly exported: boolean;
  /**
   * Dotted path of the enclosing type for a member (`Engine`, `Engine.Config`), the
   * receiver type of a Go method, the type of a Rust `impl`; unset at top level.
   */
  readonly owner?: string;
  /** The declaration as written up to its body, whitespace collapsed (signature.ts). */
  readonly signature?: string;
  /** Summary of its doc comment or docstring (doc-text.ts). */
  readonly doc?: string;
}

export interface FileSymbols {
  /** In source order; a member follows its owner. */
  readonly symbols: SymbolInfo[];
  /** Symbols past the per-file cap, not returned. */
  readonly truncated?: number;
  /** Import specifiers as written (`./a`, `fmt`, `crate::x`, `com.x.A`). */
  readonly imports: string[];
  /** The file's package or namespace clause (Go `package x`, Java `package a.b`, C# `namespace A.B`). */
  readonly declared?: string;
  /**
   * Summary of the file's own doc: the comment above a Go `package` clause or a Java `package`
   * declaration, a Python module docstring, Rust `//!` comments at the top.
   */
  readonly packageDoc?: string;
  /**
   * Names this file exposes as an entry point: TS/JS `export { A } from`, Python
   * `from .x import A` and `__all__`, Rust `pub use x::A`.
   */
  readonly exportNames?: string[];
  /** Specifiers re-exported whole (`export * from './x'`). */
  readonly reexports?: string[];
  /** Distinct identifiers (3+ characters) the file mentions: what "referenced most" counts. */
  readonly words?: string[];
}
