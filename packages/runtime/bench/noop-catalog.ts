import { defineTask } from '@repowiki/contracts';
import { z } from 'zod';

/** The one task every runtime bench driver submits: a no-op, so the runtime is what is measured. */
export const catalog = {
  'tasks.warehouse.noop': defineTask({
    queue: 'warehouse',
    name: 'noop',
    description: 'does nothing',
    payload: z.object({ i: z.int() }),
    result: z.null(),
  }),
};
