/** Entries shown per folder before the rest is summarised as "… N more". @default 30 */
const MAX_ENTRIES_PER_DIR = 30;
/** Depth shown; deeper folders are summarised with their file count. @default 4 */
const MAX_DEPTH = 4;

interface Dir {
  readonly dirs: Map<string, Dir>;
  files: string[];
  count: number;
}

/**
 * The compact tree stored as `optimized_directory_structure`: folders first, single-child
 * folder chains joined (`src/main/java/com/acme`), long folders and deep levels summarised.
 */
export function renderDirectoryTree(paths: readonly string[]): string {
  const root: Dir = { dirs: new Map(), files: [], count: 0 };
  for (const path of paths) {
    const parts = path.split('/');
    let dir = root;
    dir.count++;
    for (const part of parts.slice(0, -1)) {
      let next = dir.dirs.get(part);
      if (!next) {
        next = { dirs: new Map(), files: [], count: 0 };
        dir.dirs.set(part, next);
      }
      next.count++;
      dir = next;
    }
    dir.files.push(parts[parts.length - 1] ?? '');
  }
  const lines: string[] = [];
  render(root, '', 0, lines);
  return lines.join('\n');
}

function render(dir: Dir, indent: string, depth: number, lines: string[]): void {
  const entries: [string, Dir | undefined][] = [
    ...[...dir.dirs].sort(([a], [b]) => a.localeCompare(b)),
    ...dir.files.sort().map((f): [string, undefined] => [f, undefined]),
  ];
  for (const [i, [name, sub]] of entries.entries()) {
    if (i >= MAX_ENTRIES_PER_DIR) {
      lines.push(`${indent}… ${entries.length - i} more`);
      return;
    }
    if (!sub) {
      lines.push(`${indent}${name}`);
      continue;
    }
    let label = name;
    let node = sub;
    while (node.files.length === 0 && node.dirs.size === 1) {
      const [[childName, child]] = [...node.dirs] as [[string, Dir]];
      label = `${label}/${childName}`;
      node = child;
    }
    if (depth + 1 >= MAX_DEPTH) {
      lines.push(`${indent}${label}/ (${node.count} files)`);
    } else {
      lines.push(`${indent}${label}/`);
      render(node, `${indent}  `, depth + 1, lines);
    }
  }
}
