import { TASK_STATES, WarehouseStatusSchema, ClassificationSchema } from '@repowiki/contracts';
import { pgEnum } from 'drizzle-orm/pg-core';

export const warehouseStatus = pgEnum('warehouse_status', WarehouseStatusSchema.options);
export const warehouseType = pgEnum('warehouse_type', ['git', 'file']);
export const classification = pgEnum('classification', ClassificationSchema.options);
export const taskState = pgEnum('task_state', TASK_STATES);
