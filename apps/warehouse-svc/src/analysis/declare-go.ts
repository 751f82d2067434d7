import type { Decl, Declare, Scope } from './declaration.js';
import { signatureOf, tidy } from './signature.js';
import type { TsNode } from './tree-sitter.js';

/** Go exports what starts with an upper-case letter. */
const isExported = (name: string) => /^\p{Lu}/u.test(name);

/** The type a method's receiver names: `(c *Client)` → Client, `(l List[T])` → List. */
function receiverType(method: TsNode): string | undefined {
  const param = method
    .childForFieldName('receiver')
    ?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  let type = param?.childForFieldName('type');
  while (type && type.type !== 'type_identifier') {
    type = type.type === 'pointer_type' ? type.namedChildren[0] : type.childForFieldName('type');
  }
  return type?.text;
}

/** A lone spec's doc sits above its `type`/`const`/`var` keyword; a grouped one's above itself. */
const groupAnchor = (spec: TsNode) =>
  spec.parent && spec.parent.namedChildren.length === 1 ? spec.parent : spec;

function typeSpec(spec: TsNode, scope: Scope): Decl | undefined {
  const name = spec.childForFieldName('name')?.text;
  const type = spec.childForFieldName('type');
  if (!name || !type) return undefined;
  const head = scope.source.slice(spec.startIndex, type.startIndex);
  if (type.type === 'struct_type' || type.type === 'interface_type') {
    const struct = type.type === 'struct_type';
    return {
      name,
      kind: struct ? 'struct' : 'interface',
      node: spec,
      docAnchor: groupAnchor(spec),
      exported: isExported(name),
      signature: tidy(`type ${head}${struct ? 'struct' : 'interface'}`),
      body: struct ? type.namedChildren.find((c) => c?.type === 'field_declaration_list') : type,
    };
  }
  return {
    name,
    kind: 'type',
    node: spec,
    docAnchor: groupAnchor(spec),
    exported: isExported(name),
    signature: tidy(`type ${head}${type.text}`),
  };
}

/** `const`/`var` specs: one declaration per name. */
function valueSpec(spec: TsNode, scope: Scope): Decl[] {
  const value = spec.childForFieldName('value');
  const keyword = spec.type === 'const_spec' ? 'const' : 'var';
  return spec.namedChildren
    .filter(
      (c): c is TsNode => c?.type === 'identifier' && (value === null || c.startIndex < value.startIndex),
    )
    .map((id) => ({
      name: id.text,
      kind: keyword === 'const' ? ('constant' as const) : ('variable' as const),
      node: spec,
      docAnchor: groupAnchor(spec),
      exported: isExported(id.text),
      signature: tidy(
        `${keyword} ${scope.source.slice(spec.startIndex, value?.startIndex ?? spec.endIndex)}`,
      ),
    }));
}

/** Go: functions, methods (owned by their receiver type), types with fields and interface methods, consts, vars. */
export const declareGo: Declare = (node, scope) => {
  switch (node.type) {
    case 'function_declaration': {
      const name = node.childForFieldName('name')?.text;
      return name ? { decls: [{ name, kind: 'function', node, exported: isExported(name) }] } : undefined;
    }
    case 'method_declaration': {
      const name = node.childForFieldName('name')?.text;
      const owner = receiverType(node);
      if (!name) return undefined;
      return {
        decls: [{ name, kind: 'method', node, exported: isExported(name), ...(owner ? { owner } : {}) }],
      };
    }
    case 'type_declaration':
    case 'const_declaration':
    case 'var_declaration':
    case 'var_spec_list':
      return { descend: [node] };
    case 'type_spec':
    case 'type_alias': {
      const d = typeSpec(node, scope);
      return d ? { decls: [d] } : undefined;
    }
    case 'const_spec':
    case 'var_spec':
      return { decls: valueSpec(node, scope) };
    case 'field_declaration': {
      const names = node.namedChildren.filter((c): c is TsNode => c?.type === 'field_identifier');
      const tag = node.childForFieldName('tag');
      return {
        decls: names.map((n) => ({
          name: n.text,
          kind: 'field' as const,
          node,
          exported: isExported(n.text),
          signature: signatureOf(node, scope.source, tag?.startIndex ?? node.endIndex),
        })),
      };
    }
    case 'method_elem':
    case 'method_spec': {
      const name = node.childForFieldName('name')?.text;
      return name
        ? {
            decls: [
              {
                name,
                kind: 'method',
                node,
                exported: isExported(name),
                signature: signatureOf(node, scope.source),
              },
            ],
          }
        : undefined;
    }
    default:
      return undefined;
  }
};
