import type { TsNode } from './tree-sitter.js';

export interface ModuleLinks {
  /** Import specifiers as written. */
  readonly imports: string[];
  /** Names the file exposes as an entry point (see FileSymbols.exportNames). */
  readonly exportNames: string[];
  /** Specifiers re-exported whole (`export * from`). */
  readonly reexports: string[];
}

const unquote = (text: string) => text.replace(/^["'`]|["'`]$/g, '');

/**
 * Reads `node` if it is an import (or a re-export, or a Python `__all__`) into `links`;
 * true when it was one, so the caller looks no further into it.
 */
export function collectLinks(node: TsNode, links: ModuleLinks): boolean {
  switch (node.type) {
    case 'import_statement': {
      const source = node.childForFieldName('source');
      if (source) links.imports.push(unquote(source.text));
      else for (const n of node.descendantsOfType('dotted_name')) if (n) links.imports.push(n.text);
      return true;
    }
    case 'import_from_statement': {
      const module = node.childForFieldName('module_name')?.text;
      const names = node.childrenForFieldName('name');
      // `from a.b import c` imports `a.b.c` when c is a module, else a name of `a.b`: the
      // specifier `a.b.c` resolves to the longest of them that exists (import-resolver.ts).
      // `from . import c` → `.c`; `from a import *` → `a`.
      if (module && names.length === 0) links.imports.push(module);
      for (const n of names) {
        const imported = n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text;
        if (module && imported)
          links.imports.push(module.endsWith('.') ? module + imported : `${module}.${imported}`);
        // In an __init__.py these are the package's API; elsewhere they are only counted.
        const name = n?.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n?.text;
        if (name) links.exportNames.push(name.split('.').pop() ?? name);
      }
      return true;
    }
    case 'import_declaration': {
      const specs = node.descendantsOfType('import_spec');
      if (specs.length > 0) {
        for (const spec of specs) {
          const path = spec?.childForFieldName('path');
          if (path) links.imports.push(unquote(path.text));
        }
      } else {
        const name = node.namedChildren.find(
          (c) => c?.type === 'scoped_identifier' || c?.type === 'identifier',
        );
        if (name) links.imports.push(name.text);
      }
      return true;
    }
    case 'use_declaration': {
      const arg = node.childForFieldName('argument');
      if (!arg) return true;
      links.imports.push(arg.text);
      if (node.namedChildren.some((c) => c?.type === 'visibility_modifier')) {
        // `pub use a::{B, C as D}` exposes B and D.
        const names =
          arg.type === 'scoped_identifier'
            ? [arg.childForFieldName('name')]
            : arg.descendantsOfType('identifier');
        for (const n of names)
          if (n && n.text !== 'self' && n.text !== 'crate') links.exportNames.push(n.text);
      }
      return true;
    }
    case 'using_directive': {
      // The last name: `using A = X.Y;` imports X.Y (A is only its alias).
      const name = node.namedChildren.findLast(
        (c) => c?.type === 'qualified_name' || c?.type === 'identifier',
      );
      if (name) links.imports.push(name.text);
      return true;
    }
    case 'export_statement': {
      const source = node.childForFieldName('source');
      const clause = node.namedChildren.find((c) => c?.type === 'export_clause');
      for (const spec of clause?.namedChildren ?? [])
        if (spec?.type === 'export_specifier') {
          const name = spec.childForFieldName('name')?.text;
          if (name) links.exportNames.push(name);
        }
      if (!source) return clause !== undefined;
      links.imports.push(unquote(source.text));
      if (!clause) links.reexports.push(unquote(source.text));
      return true;
    }
    case 'expression_statement': {
      // Python `__all__ = ["A", "B"]`.
      const assign = node.namedChildren[0];
      if (assign?.type !== 'assignment' || assign.childForFieldName('left')?.text !== '__all__') return false;
      for (const s of assign.childForFieldName('right')?.descendantsOfType('string_content') ?? [])
        if (s) links.exportNames.push(s.text);
      return false;
    }
    default:
      return false;
  }
}
