import { parserFor, type TsNode } from './tree-sitter.js';

export interface SymbolInfo {
  readonly name: string;
  /** class, function, method, interface, type, enum, struct, trait, module, variable, record. */
  readonly kind: string;
  /** 1-based. */
  readonly line: number;
  readonly exported: boolean;
  readonly doc?: string;
}

export interface FileSymbols {
  readonly symbols: SymbolInfo[];
  /** Import specifiers as written (`./a`, `fmt`, `crate::x`, `com.x.A`). */
  readonly imports: string[];
  /** The file's package or namespace clause (Go `package x`, Java `package a.b`, C# `namespace A.B`). */
  readonly declared?: string;
}

const KINDS: Record<string, string> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  function_definition: 'function',
  function_item: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  class_definition: 'class',
  class: 'class',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
  enum_item: 'enum',
  struct_item: 'struct',
  struct_declaration: 'struct',
  trait_item: 'trait',
  type_item: 'type',
  mod_item: 'module',
  method_declaration: 'method',
  record_declaration: 'record',
  type_spec: 'type',
  macro_definition: 'macro',
  impl_item: 'impl',
};

/** Nodes whose children are still "top level" (exports, namespaces, decorators, Go type groups). */
const CONTAINERS = new Set([
  'export_statement',
  'namespace_declaration',
  'file_scoped_namespace_declaration',
  'declaration_list',
  'decorated_definition',
  'type_declaration',
  'ambient_declaration',
]);

/** A cap per file: generated-looking sources with thousands of symbols add nothing to a wiki. */
const MAX_SYMBOLS_PER_FILE = 200;

/**
 * Top-level symbols and imports of one source file via its tree-sitter grammar, or
 * undefined when no grammar is bundled for the language.
 */
export async function extractSymbols(language: string, source: string): Promise<FileSymbols | undefined> {
  const parser = await parserFor(language);
  if (!parser) return undefined;
  const tree = parser.parse(source);
  if (!tree) return undefined;
  try {
    const symbols: SymbolInfo[] = [];
    const imports: string[] = [];
    collect(tree.rootNode, language, symbols, imports, false, 0);
    const declared = declaredName(tree.rootNode);
    // The walk over every call expression is the costliest step after the parse itself;
    // a file that never spells `require` cannot have a require() call.
    if (
      (language === 'JavaScript' || language === 'TypeScript' || language === 'TSX') &&
      source.includes('require')
    ) {
      for (const call of tree.rootNode.descendantsOfType('call_expression')) {
        if (call?.childForFieldName('function')?.text === 'require') {
          const arg = call.childForFieldName('arguments')?.namedChildren[0];
          if (arg?.type === 'string') imports.push(unquote(arg.text));
        }
      }
    }
    return { symbols: symbols.slice(0, MAX_SYMBOLS_PER_FILE), imports, ...(declared ? { declared } : {}) };
  } finally {
    // WASM memory is not garbage collected: every tree MUST be deleted.
    tree.delete();
  }
}

function collect(
  node: TsNode,
  language: string,
  symbols: SymbolInfo[],
  imports: string[],
  exported: boolean,
  depth: number,
): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    const type = child.type;
    if (collectImport(child, imports)) continue;
    if (CONTAINERS.has(type) && depth < 4) {
      const body = child.childForFieldName('body');
      if (body && type !== 'export_statement') collect(body, language, symbols, imports, exported, depth + 1);
      else collect(child, language, symbols, imports, exported || type === 'export_statement', depth + 1);
      continue;
    }
    if (type === 'lexical_declaration' || type === 'variable_declaration') {
      for (const decl of child.namedChildren) {
        const name = decl?.type === 'variable_declarator' ? decl.childForFieldName('name') : undefined;
        if (name?.type === 'identifier' && exported) {
          symbols.push({
            name: name.text,
            kind: 'variable',
            line: decl!.startPosition.row + 1,
            exported,
            ...docOf(child, language),
          });
        }
      }
      continue;
    }
    const kind = KINDS[type];
    if (!kind) continue;
    const nameNode =
      child.childForFieldName('name') ?? (type === 'impl_item' ? child.childForFieldName('type') : null);
    const name = nameNode?.text ?? (type === 'class' && exported ? 'default' : undefined);
    if (!name) continue;
    symbols.push({
      name,
      kind,
      line: child.startPosition.row + 1,
      exported: isExported(child, language, name, exported),
      ...docOf(child, language),
    });
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

function collectImport(node: TsNode, imports: string[]): boolean {
  switch (node.type) {
    case 'import_statement': {
      const source = node.childForFieldName('source');
      if (source) imports.push(unquote(source.text));
      else for (const n of node.descendantsOfType('dotted_name')) if (n) imports.push(n.text);
      return true;
    }
    case 'import_from_statement': {
      const module = node.childForFieldName('module_name');
      if (module) imports.push(module.text);
      return true;
    }
    case 'import_declaration': {
      const specs = node.descendantsOfType('import_spec');
      if (specs.length > 0) {
        for (const spec of specs) {
          const path = spec?.childForFieldName('path');
          if (path) imports.push(unquote(path.text));
        }
      } else {
        const name = node.namedChildren.find(
          (c) => c?.type === 'scoped_identifier' || c?.type === 'identifier',
        );
        if (name) imports.push(name.text);
      }
      return true;
    }
    case 'use_declaration': {
      const arg = node.childForFieldName('argument');
      if (arg) imports.push(arg.text);
      return true;
    }
    case 'using_directive': {
      const name = node.namedChildren.find((c) => c?.type === 'qualified_name' || c?.type === 'identifier');
      if (name) imports.push(name.text);
      return true;
    }
    default:
      if (node.type === 'export_statement') {
        const source = node.childForFieldName('source');
        if (source) {
          imports.push(unquote(source.text));
          return true;
        }
      }
      return false;
  }
}

function isExported(node: TsNode, language: string, name: string, insideExport: boolean): boolean {
  switch (language) {
    case 'Go':
      return /^[A-Z]/.test(name);
    case 'Rust':
      return node.namedChildren.some((c) => c?.type === 'visibility_modifier');
    case 'Python':
      return !name.startsWith('_');
    case 'Java':
    case 'C#':
      return (
        /\bpublic\b/.test(
          node.namedChildren.find((c) => c?.type === 'modifiers' || c?.type === 'modifier')?.text ?? '',
        ) || node.namedChildren.some((c) => c?.type === 'modifier' && c.text === 'public')
      );
    default:
      return insideExport;
  }
}

/** Doc comment right above a declaration, or a Python docstring. */
function docOf(node: TsNode, language: string): { doc?: string } {
  if (language === 'Python') {
    const body =
      node.type === 'decorated_definition'
        ? node.childForFieldName('definition')?.childForFieldName('body')
        : node.childForFieldName('body');
    const first = body?.namedChildren[0];
    const str = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
    return str?.type === 'string'
      ? { doc: cleanDoc(str.text.replace(/^[rbuf]*("""|'''|"|')|("""|'''|"|')$/g, '')) }
      : {};
  }
  const lines: string[] = [];
  let prev = node.previousNamedSibling;
  let expectedRow = node.startPosition.row - 1;
  while (prev && /comment/.test(prev.type) && endRow(prev) === expectedRow) {
    lines.unshift(prev.text);
    expectedRow = prev.startPosition.row - 1;
    prev = prev.previousNamedSibling;
  }
  if (node.parent?.type === 'export_statement' && lines.length === 0) return docOf(node.parent, language);
  return lines.length > 0 ? { doc: cleanDoc(lines.join('\n')) } : {};
}

/** Rust line comments end at column 0 of the next row (they include the newline). */
function endRow(node: TsNode): number {
  return node.endPosition.column === 0 ? node.endPosition.row - 1 : node.endPosition.row;
}

function cleanDoc(text: string): string {
  return text
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*(\/\*\*?|\*\/|\*|\/\/\/?|#)\s?/, '')
        .replace(/\*\/\s*$/, '')
        .replace(/<\/?summary>/g, '')
        .trim(),
    )
    .filter(Boolean)
    .join(' ')
    .slice(0, 300);
}

function unquote(text: string): string {
  return text.replace(/^["'`]|["'`]$/g, '');
}
