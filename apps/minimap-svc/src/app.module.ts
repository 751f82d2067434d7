import { Module } from '@nestjs/common';
import { createTaskController } from '@repowiki/runtime';
import { handlers } from './handlers/index.js';

/**
 * minimap-svc: mind maps of repositories. The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  // One `@EventPattern` per task of the 'minimap' queue; the JetStream transport serves them.
  controllers: [createTaskController('minimap', handlers)],
  providers: [],
})
export class AppModule {}
