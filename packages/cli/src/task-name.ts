import { resolveTaskSubject, TASK_SUBJECTS, type TaskSubject } from '@repowiki/contracts';
import { usageError } from './cli.errors.js';

/** `process`, `warehouse.process` or `tasks.warehouse.process` → the catalog subject. */
export function taskSubjectOf(name: string): TaskSubject {
  const subject = resolveTaskSubject(name);
  if (!subject) {
    const near = suggestTasks(name);
    throw usageError(`unknown task "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  return subject;
}

/**
 * Catalog subjects a mistyped or ambiguous name may have meant, closest first: the ones it
 * names in part (`cleanup` → every `*.cleanup`), then those within a few typos of the name
 * as written, in any of its three forms (`procss`, `warehouse.proces`, `tasks.minimap.valdate`).
 */
export function suggestTasks(name: string, limit = 5): TaskSubject[] {
  const typed = name.toLowerCase();
  const budget = Math.max(1, Math.min(3, Math.floor(typed.length / 3)));
  const scored = TASK_SUBJECTS.map((s) => {
    const [, queue = '', task = ''] = s.split('.');
    const forms = [s, `${queue}.${task}`, task];
    const named = forms.some((f) => f === typed || f.endsWith(`.${typed}`));
    const contains = typed.length >= 4 && forms.some((f) => f.includes(typed));
    const distance = Math.min(...forms.map((f) => editDistance(typed, f)));
    return { s, score: named ? -2 : contains ? -1 : distance };
  }).filter((x) => x.score <= budget);
  return scored
    .sort((a, b) => a.score - b.score || a.s.localeCompare(b.s))
    .slice(0, limit)
    .map((x) => x.s);
}

/** Levenshtein distance (insert, delete, substitute; a swap of neighbours counts as one). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function parseJsonArg(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw usageError(`${what} is not valid JSON: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`);
  }
}
