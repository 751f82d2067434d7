import { migrate } from '@repowiki/db';
import type { StepResult } from './step-result.js';

/** Applies pending drizzle-kit migrations (under their own advisory lock, see packages/db). */
export async function applySchema(databaseUrl: string): Promise<StepResult> {
  const { applied } = await migrate(databaseUrl);
  return { step: 'schema', changed: applied };
}
