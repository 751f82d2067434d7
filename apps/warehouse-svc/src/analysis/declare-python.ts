import type { Decl, Declare, Scope } from './declaration.js';
import { signatureOf } from './signature.js';
import type { TsNode } from './tree-sitter.js';

/** Public: no leading underscore, or a dunder name (`__init__`, `__call__`). */
const isPublic = (name: string) => !name.startsWith('_') || /^__\w+__$/.test(name);

function definition(
  def: TsNode,
  scope: Scope,
  decorators: readonly string[],
  outer: TsNode,
): Decl | undefined {
  const name = def.childForFieldName('name')?.text;
  if (!name) return undefined;
  const body = def.childForFieldName('body');
  if (def.type === 'class_definition')
    return {
      name,
      kind: 'class',
      node: def,
      docAnchor: outer,
      docBody: body,
      exported: isPublic(name),
      body,
    };
  const inClass = scope.owner !== undefined;
  const property = decorators.some((d) =>
    /^@(property|cached_property|\w+\.(setter|getter|deleter))\b/.test(d),
  );
  return {
    name,
    kind: !inClass ? 'function' : name === '__init__' ? 'constructor' : property ? 'property' : 'method',
    node: def,
    docAnchor: outer,
    docBody: body,
    exported: isPublic(name),
    signature: signatureOf(def, scope.source),
  };
}

/** `x = 1`, `x: int = 1` at module or class level (not tuple targets). */
function assignment(stmt: TsNode, scope: Scope): Decl | undefined {
  const assign = stmt.namedChildren[0];
  if (assign?.type !== 'assignment') return undefined;
  const left = assign.childForFieldName('left');
  // `__all__` lists the API; it is no part of it.
  if (left?.type !== 'identifier' || left.text === '__all__') return undefined;
  const right = assign.childForFieldName('right');
  return {
    name: left.text,
    kind: scope.owner !== undefined ? 'field' : 'variable',
    node: stmt,
    exported: isPublic(left.text),
    signature: signatureOf(assign, scope.source, right?.startIndex ?? assign.endIndex),
  };
}

/** Blocks of an `if`/`elif`/`else`, `try`/`except`/`else`/`finally` or `with`: definitions there count. */
function blocks(node: TsNode): TsNode[] {
  const out: TsNode[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'block') out.push(c);
    else if (/_clause$/.test(c.type))
      out.push(...c.namedChildren.filter((b): b is TsNode => b?.type === 'block'));
  }
  return out;
}

/** Python: functions, classes, methods, properties, module and class variables. */
export const declarePython: Declare = (node, scope) => {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition': {
      const d = definition(node, scope, [], node);
      return d ? { decls: [d] } : undefined;
    }
    case 'decorated_definition': {
      const def = node.childForFieldName('definition');
      const decorators = node.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c?.text ?? '');
      const d = def ? definition(def, scope, decorators, node) : undefined;
      return d ? { decls: [d] } : undefined;
    }
    case 'expression_statement': {
      const d = assignment(node, scope);
      return d ? { decls: [d] } : undefined;
    }
    case 'if_statement':
    case 'try_statement':
    case 'with_statement':
      return { descend: blocks(node) };
    default:
      return undefined;
  }
};
