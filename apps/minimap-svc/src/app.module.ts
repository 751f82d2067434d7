import { Module } from '@nestjs/common';
import { createEventController, createTaskController } from '@repowiki/runtime';
import { handlers, onWarehouseCompleted } from './handlers/index.js';

/**
 * minimap-svc: mind maps of repositories. The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  // One `@EventPattern` per task of the 'minimap' queue; the JetStream transport serves them.
  // …and a durable EVENTS consumer: a completed wiki gets its map at once.
  controllers: [
    createTaskController('minimap', handlers),
    createEventController({ 'events.warehouse.completed': onWarehouseCompleted }),
  ],
  providers: [],
})
export class AppModule {}
