/** Paths one `use` declaration expands to at most. @default 64 */
const MAX_PATHS = 64;
const SEGMENT = /[A-Za-z_][A-Za-z0-9_]*|\*/y;

/**
 * The paths of a Rust use tree, as segment lists: `crate::{a::B, c::{self, D as E}}` →
 * `[crate, a, B]`, `[crate, c]`, `[crate, c, D]`. `self` inside braces stands for the
 * prefix, `*` and `as` aliases are dropped, a leading `::` (a global path) gives an empty
 * first segment. One pass over the text.
 */
export function expandUseTree(text: string): string[][] {
  const src = text.replace(/\s+as\s+[A-Za-z_][A-Za-z0-9_]*/g, '').replace(/\s+/g, '');
  const out: string[][] = [];
  let i = 0;
  const tree = (prefix: readonly string[]) => {
    const segments = [...prefix];
    let consumed = false;
    while (i < src.length) {
      if (src[i] === '{') {
        i++;
        list(segments);
        if (src[i] === '}') i++;
        return;
      }
      SEGMENT.lastIndex = i;
      const m = SEGMENT.exec(src);
      if (!m) break;
      i += m[0].length;
      consumed = true;
      if (m[0] !== '*' && !(m[0] === 'self' && segments.length > 0)) segments.push(m[0]);
      if (!src.startsWith('::', i)) break;
      i += 2;
    }
    if (out.length < MAX_PATHS && consumed && segments.length > 0) out.push(segments);
  };
  const list = (prefix: readonly string[]) => {
    for (;;) {
      const before = i;
      tree(prefix);
      if (src[i] === ',') i++;
      else break;
      if (i === before) break;
    }
  };
  if (src.startsWith('::')) {
    i = 2;
    tree(['']);
  } else tree([]);
  return out;
}
