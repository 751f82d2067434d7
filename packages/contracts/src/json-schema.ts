import { z } from 'zod';
import { TASKS } from './catalog.js';

export interface TaskJsonSchema {
  subject: string;
  description: string;
  /** What a producer writes (defaults may be omitted). */
  payload: unknown;
  result: unknown;
}

/**
 * JSON Schema (draft 2020-12) of every task's payload and result, for producers written in
 * other languages. `pnpm --filter @repowiki/contracts json-schema` writes them to
 * `json-schema/`; a test keeps the committed files in step with the catalog.
 */
export function buildJsonSchemas(): TaskJsonSchema[] {
  return Object.entries(TASKS).map(([subject, task]) => ({
    subject,
    description: task.description,
    payload: z.toJSONSchema(task.payload, { io: 'input' }),
    result: z.toJSONSchema(task.result, { io: 'output', unrepresentable: 'any' }),
  }));
}
