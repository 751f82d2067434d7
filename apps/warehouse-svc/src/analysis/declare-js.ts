import { type Decl, type Declare, named, type Scope } from './declaration.js';
import { signatureOf, tidy } from './signature.js';
import type { SymbolKind } from './symbol-types.js';
import type { TsNode } from './tree-sitter.js';

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
const TYPES = new Map<string, SymbolKind>(
  Object.entries({
    class_declaration: 'class',
    abstract_class_declaration: 'class',
    class: 'class',
    interface_declaration: 'interface',
    enum_declaration: 'enum',
    type_alias_declaration: 'type',
    function_declaration: 'function',
    generator_function_declaration: 'function',
    function_signature: 'function',
  }) as [string, SymbolKind][],
);

/** A class member is public unless `private`/`protected` or a `#name`. */
function memberPublic(node: TsNode, name: string): boolean {
  if (name.startsWith('#')) return false;
  const modifier = node.namedChildren.find((c) => c?.type === 'accessibility_modifier')?.text;
  return modifier !== 'private' && modifier !== 'protected';
}

/** `const f = (…) => …` and `const X = 1`: functions when the value is one, else variables. */
function variables(node: TsNode, scope: Scope): Decl[] {
  const keyword =
    node.childForFieldName('kind')?.text ?? (node.type === 'variable_declaration' ? 'var' : 'const');
  const out: Decl[] = [];
  for (const d of node.namedChildren) {
    const name = d?.type === 'variable_declarator' ? d.childForFieldName('name') : undefined;
    if (!d || name?.type !== 'identifier') continue;
    const value = d.childForFieldName('value');
    const isFunction = value !== null && value !== undefined && FUNCTION_VALUES.has(value.type);
    const end = isFunction
      ? (value.childForFieldName('body')?.startIndex ?? value.endIndex)
      : value?.startIndex;
    out.push({
      name: name.text,
      kind: isFunction ? 'function' : 'variable',
      node: d,
      docAnchor: node,
      exported: scope.exported || !scope.esm,
      signature: tidy(`${keyword} ${scope.source.slice(d.startIndex, end ?? d.endIndex)}`),
    });
  }
  return out;
}

/** Class, interface and enum members. */
function member(node: TsNode, scope: Scope): Decl | undefined {
  const name = named(node) ?? (node.type === 'property_identifier' ? node.text : undefined);
  if (!name) return undefined;
  switch (node.type) {
    case 'method_definition':
    case 'method_signature':
    case 'abstract_method_signature': {
      const accessor = node.children.some((c) => c?.type === 'get' || c?.type === 'set');
      const kind = name === 'constructor' ? 'constructor' : accessor ? 'property' : 'method';
      return { name, kind, node, exported: memberPublic(node, name) };
    }
    case 'public_field_definition':
    case 'field_definition':
    case 'property_signature': {
      const value = node.childForFieldName('value');
      const fn = value && FUNCTION_VALUES.has(value.type) ? value : undefined;
      const end = fn ? (fn.childForFieldName('body')?.startIndex ?? fn.endIndex) : value?.startIndex;
      return {
        name,
        kind: fn ? 'method' : 'property',
        node,
        exported: memberPublic(node, name),
        signature: signatureOf(node, scope.source, end ?? node.endIndex),
      };
    }
    case 'property_identifier':
    case 'enum_assignment':
      return scope.ownerKind === 'enum'
        ? { name, kind: 'enum-member', node, exported: true, signature: name }
        : undefined;
    default:
      return undefined;
  }
}

/** TypeScript, TSX and JavaScript. */
export const declareJs: Declare = (node, scope) => {
  const type = node.type;
  if (scope.owner !== undefined && scope.ownerKind !== 'module') {
    const decl = member(node, scope);
    return decl ? { decls: [decl] } : undefined;
  }
  if (type === 'export_statement') {
    const decl = node.childForFieldName('declaration');
    const value = node.childForFieldName('value');
    // `export default class {}` / `export default function () {}`: named "default".
    if (!decl && value && (value.type === 'class' || FUNCTION_VALUES.has(value.type)) && !named(value))
      return {
        decls: [
          {
            name: 'default',
            kind: value.type === 'class' ? 'class' : 'function',
            node: value,
            docAnchor: node,
            exported: true,
            body: value.type === 'class' ? value.childForFieldName('body') : null,
          },
        ],
      };
    return { descend: [node], exported: true };
  }
  if (type === 'ambient_declaration' || type === 'expression_statement') return { descend: [node] };
  if (type === 'lexical_declaration' || type === 'variable_declaration')
    return { decls: variables(node, scope) };
  if (type === 'internal_module' || type === 'module') {
    const name = named(node);
    return name
      ? {
          decls: [
            {
              name,
              kind: 'module',
              node,
              exported: scope.exported || !scope.esm,
              body: node.childForFieldName('body'),
            },
          ],
        }
      : undefined;
  }
  const kind = TYPES.get(type);
  const name = named(node) ?? (type === 'class' && scope.exported ? 'default' : undefined);
  if (!kind || !name) return undefined;
  const members = kind === 'class' || kind === 'interface' || kind === 'enum';
  return {
    decls: [
      {
        name,
        kind,
        node,
        exported: scope.exported || !scope.esm,
        ...(members ? { body: node.childForFieldName('body') } : {}),
        ...(kind === 'type'
          ? { signature: signatureOf(node, scope.source, node.childForFieldName('value')?.startIndex) }
          : {}),
      },
    ],
  };
};
