import { z } from 'zod';
import { DaysToKeepSchema, DeletedResultSchema, EmptyPayloadSchema, IdSchema } from '../common.schema.js';
import { defineTask } from '../define-task.js';

/** A mind-map node; `url` is a path inside the repository. */
export interface MiniMapNode {
  title: string;
  url: string;
  nodes: MiniMapNode[];
}
export const MiniMapNodeSchema: z.ZodType<MiniMapNode> = z.lazy(() =>
  z.object({ title: z.string().min(1), url: z.string(), nodes: z.array(MiniMapNodeSchema) }),
);

export const minimapTasks = {
  'tasks.minimap.generate': defineTask({
    queue: 'minimap',
    name: 'generate',
    description: 'Build maps for up to 3 COMPLETED warehouses without one, oldest first.',
    payload: EmptyPayloadSchema,
    result: z.object({ generated: z.array(IdSchema) }),
  }),
  'tasks.minimap.regenerate': defineTask({
    queue: 'minimap',
    name: 'regenerate',
    description: "Rebuild one warehouse's map.",
    payload: z.strictObject({ warehouseId: IdSchema }),
    result: z.object({ warehouseId: IdSchema, nodes: z.int() }),
    isolation: 'thread',
  }),
  'tasks.minimap.cleanup': defineTask({
    queue: 'minimap',
    name: 'cleanup',
    description: 'Delete maps of deleted warehouses and maps older than daysToKeep.',
    payload: z.strictObject({ daysToKeep: DaysToKeepSchema.default(90) }),
    result: DeletedResultSchema,
  }),
  'tasks.minimap.validate': defineTask({
    queue: 'minimap',
    name: 'validate',
    description: 'Check a map: shape, links resolve to repository files, node count and depth.',
    payload: z.strictObject({ warehouseId: IdSchema }),
    result: z.object({
      valid: z.boolean(),
      nodes: z.int(),
      depth: z.int(),
      problems: z.array(z.string()),
    }),
  }),
} as const;
