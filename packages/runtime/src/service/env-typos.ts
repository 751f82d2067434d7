import { z } from 'zod';

/**
 * "Did you mean TASK_TIME_LIMIT?": variables in the environment that look like one a service
 * reads but are not it, so a typo does not silently leave the default in force. Warned about
 * at start-up (the service still starts: the environment is shared with other programs, and
 * an unknown name may be theirs).
 */
export interface EnvTypo {
  /** As found in the environment, e.g. `TASK_TIME_LIMT`. */
  readonly variable: string;
  /** The variable the service reads, e.g. `TASK_TIME_LIMIT`. */
  readonly didYouMean: string;
}

/** Names shorter than this are compared exactly only: two edits turn `PORT` into `PATH`. */
const MIN_FUZZY_LENGTH = 7;
/** Edits (insert, delete, replace, swap of neighbours) allowed between a typo and a name. */
const MAX_EDITS = 2;

/** Variable names an env schema reads (the keys of its object, under pipes and refinements). */
export function envSchemaNames(schema: z.ZodType): string[] {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else if (current instanceof z.ZodObject) return Object.keys(current.shape);
    else return [];
  }
}

/** Variables of `env` that are not in `known` but look like one of them. */
export function findEnvTypos(env: Record<string, string | undefined>, known: readonly string[]): EnvTypo[] {
  const exact = new Set(known);
  const typos: EnvTypo[] = [];
  for (const variable of Object.keys(env).sort()) {
    if (exact.has(variable)) continue;
    const didYouMean = closestName(variable, known);
    if (didYouMean) typos.push({ variable, didYouMean });
  }
  return typos;
}

function closestName(variable: string, known: readonly string[]): string | undefined {
  const upper = variable.toUpperCase();
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    // task_time_limit, or a prefix of its own: STATS_TASK_TIME_LIMIT, REPOWIKI_LOG_LEVEL.
    if (upper === name || upper.endsWith(`_${name}`)) return name;
    if (name.length < MIN_FUZZY_LENGTH || Math.abs(upper.length - name.length) > MAX_EDITS) continue;
    const edits = editDistance(upper, name);
    if (edits <= MAX_EDITS && (!best || edits < best.edits)) best = { name, edits };
  }
  return best?.name;
}

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbours as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(a.length, b.length);
}
