import { resolveTaskSubject, TASK_SUBJECTS, type TaskSubject } from '@repowiki/contracts';
import { usageError } from './cli.errors.js';

/** `process`, `warehouse.process` or `tasks.warehouse.process` → the catalog subject. */
export function taskSubjectOf(name: string): TaskSubject {
  const subject = resolveTaskSubject(name);
  if (!subject) {
    const near = TASK_SUBJECTS.filter((s) => s.endsWith(`.${name}`) || s.includes(name)).slice(0, 5);
    throw usageError(`unknown task "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  return subject;
}

export function parseJsonArg(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw usageError(`${what} is not valid JSON: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`);
  }
}
