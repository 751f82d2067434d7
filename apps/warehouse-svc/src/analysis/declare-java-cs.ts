import type { Decl, Declare, Scope } from './declaration.js';
import { signatureOf, tidy } from './signature.js';
import type { SymbolKind } from './symbol-types.js';
import type { TsNode } from './tree-sitter.js';

const TYPES = new Map<string, SymbolKind>(
  Object.entries({
    class_declaration: 'class',
    interface_declaration: 'interface',
    enum_declaration: 'enum',
    record_declaration: 'record',
    record_struct_declaration: 'record',
    annotation_type_declaration: 'annotation',
    struct_declaration: 'struct',
  }) as [string, SymbolKind][],
);
const METHODS = new Map<string, SymbolKind>(
  Object.entries({
    method_declaration: 'method',
    constructor_declaration: 'constructor',
    compact_constructor_declaration: 'constructor',
    annotation_type_element_declaration: 'method',
    property_declaration: 'property',
    delegate_declaration: 'delegate',
  }) as [string, SymbolKind][],
);

/** The modifier words of a declaration (Java `modifiers`, C# `modifier` nodes). */
function modifiers(node: TsNode): string[] {
  const words: string[] = [];
  for (const c of node.namedChildren) {
    if (c?.type === 'modifier') words.push(c.text);
    else if (c?.type === 'modifiers') for (const m of c.children) if (m && !m.isNamed) words.push(m.type);
  }
  return words;
}

/**
 * Public: declared `public`, or a member of an interface or annotation type (implicitly
 * public unless `private`), or an enum constant.
 */
function isPublic(node: TsNode, scope: Scope): boolean {
  const words = modifiers(node);
  if (words.includes('public')) return true;
  const implicit = scope.ownerKind === 'interface' || scope.ownerKind === 'annotation';
  return implicit && !words.includes('private') && !words.includes('protected');
}

/** Field-like declarations: one per declarator, signed `modifiers type name`. */
function fields(node: TsNode, scope: Scope, kind: SymbolKind): Decl[] {
  const holder = node.namedChildren.find((c) => c?.type === 'variable_declaration') ?? node;
  const type = holder.childForFieldName('type');
  const head = type ? tidy(signatureOf(node, scope.source, type.endIndex)) : '';
  return holder.namedChildren
    .filter((c): c is TsNode => c?.type === 'variable_declarator')
    .flatMap((d) => {
      const name =
        d.childForFieldName('name')?.text ?? d.namedChildren.find((c) => c?.type === 'identifier')?.text;
      return name
        ? [{ name, kind, node, exported: isPublic(node, scope), signature: tidy(`${head} ${name}`) }]
        : [];
    });
}

/** Java and C#: types (nested too) with their methods, constructors, fields, properties, constants. */
export const declareJavaCs: Declare = (node, scope) => {
  const type = node.type;
  const typeKind = TYPES.get(type);
  if (typeKind) {
    const name = node.childForFieldName('name')?.text;
    if (!name) return undefined;
    return {
      decls: [
        { name, kind: typeKind, node, exported: isPublic(node, scope), body: node.childForFieldName('body') },
      ],
    };
  }
  const methodKind = METHODS.get(type);
  if (methodKind) {
    const name = node.childForFieldName('name')?.text;
    if (!name) return undefined;
    const accessors = type === 'property_declaration' ? node.childForFieldName('accessors') : undefined;
    const decl: Decl = {
      name,
      kind: methodKind,
      node,
      exported: isPublic(node, scope),
      ...(accessors ? { signature: signatureOf(node, scope.source, accessors.startIndex) } : {}),
    };
    return { decls: [decl] };
  }
  switch (type) {
    case 'field_declaration':
    case 'constant_declaration':
      return { decls: fields(node, scope, 'field') };
    case 'event_field_declaration':
      return { decls: fields(node, scope, 'event') };
    case 'enum_constant':
    case 'enum_member_declaration': {
      const name = node.childForFieldName('name')?.text;
      return name
        ? { decls: [{ name, kind: 'enum-member', node, exported: true, signature: name }] }
        : undefined;
    }
    case 'enum_body_declarations':
    case 'declaration_list':
      return { descend: [node] };
    case 'namespace_declaration':
      return { descend: [node.childForFieldName('body')] };
    default:
      return undefined;
  }
};
