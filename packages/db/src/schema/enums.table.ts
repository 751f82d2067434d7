import {
  type Classification,
  ClassificationSchema,
  TASK_STATES,
  type WarehouseStatus,
  WarehouseStatusSchema,
} from '@repowiki/contracts';
import { pgEnum } from 'drizzle-orm/pg-core';

type Tuple<T> = [T, ...T[]];

export const warehouseStatus = pgEnum(
  'warehouse_status',
  WarehouseStatusSchema.options as Tuple<WarehouseStatus>,
);
export const warehouseType = pgEnum('warehouse_type', ['git', 'file']);
export const classification = pgEnum('classification', ClassificationSchema.options as Tuple<Classification>);
export const taskState = pgEnum('task_state', TASK_STATES);
