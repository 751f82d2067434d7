import type { Decl, Declare, Scope } from './declaration.js';
import { signatureOf } from './signature.js';
import type { SymbolKind } from './symbol-types.js';
import type { TsNode } from './tree-sitter.js';

const ITEMS = new Map<string, SymbolKind>(
  Object.entries({
    struct_item: 'struct',
    union_item: 'struct',
    enum_item: 'enum',
    trait_item: 'trait',
    mod_item: 'module',
    const_item: 'constant',
    static_item: 'constant',
    type_item: 'type',
    macro_definition: 'macro',
    function_item: 'function',
    function_signature_item: 'function',
  }) as [string, SymbolKind][],
);

const hasPub = (node: TsNode) => node.namedChildren.some((c) => c?.type === 'visibility_modifier');

/** `impl<T> Foo<T>`, `impl Trait for foo::Bar` → Foo, Bar. */
function implType(node: TsNode): string | undefined {
  let type = node.childForFieldName('type');
  while (type && type.type !== 'type_identifier') {
    type =
      type.type === 'generic_type' || type.type === 'reference_type'
        ? type.childForFieldName('type')
        : type.type === 'scoped_type_identifier'
          ? type.childForFieldName('name')
          : null;
  }
  return type?.text;
}

function isPublic(node: TsNode, scope: Scope): boolean {
  if (scope.implTrait) return true;
  if (scope.ownerKind === 'trait' || scope.ownerKind === 'enum') return scope.ownerPublic;
  return hasPub(node);
}

/** Rust: items, struct fields, enum variants, trait items; `impl` blocks give their functions an owner. */
export const declareRust: Declare = (node, scope) => {
  const type = node.type;
  if (type === 'impl_item') {
    const owner = implType(node);
    return owner
      ? { impl: node.childForFieldName('body'), owner, trait: node.childForFieldName('trait') !== null }
      : undefined;
  }
  if (type === 'field_declaration' || type === 'enum_variant') {
    const name = node.childForFieldName('name')?.text;
    if (!name) return undefined;
    const kind = type === 'field_declaration' ? 'field' : 'enum-member';
    return {
      decls: [
        {
          name,
          kind,
          node,
          exported: isPublic(node, scope),
          signature: signatureOf(node, scope.source, node.endIndex),
        },
      ],
    };
  }
  const kind = ITEMS.get(type);
  const name = node.childForFieldName('name')?.text;
  if (!kind || !name) return undefined;
  // Unit tests live in `#[cfg(test)] mod tests`: test code, not the module's API.
  if (kind === 'module' && (name === 'tests' || name === 'test')) return undefined;
  const inType = scope.owner !== undefined && scope.ownerKind !== 'module';
  const decl: Decl = {
    name,
    kind: kind === 'function' && inType ? 'method' : kind,
    node,
    exported: isPublic(node, scope),
    ...(kind === 'struct' || kind === 'enum' || kind === 'trait' || kind === 'module'
      ? { body: node.childForFieldName('body') }
      : {}),
    ...(kind === 'macro' ? { signature: `macro_rules! ${name}` } : {}),
    ...(kind === 'constant' || kind === 'type'
      ? {
          signature: signatureOf(
            node,
            scope.source,
            node.childForFieldName('value')?.startIndex ?? node.childForFieldName('type')?.endIndex,
          ),
        }
      : {}),
  };
  return { decls: [decl] };
};
