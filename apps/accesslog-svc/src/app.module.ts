import { Module } from '@nestjs/common';
import { createTaskController } from '@repowiki/runtime';
import { handlers } from './handlers/index.js';

/**
 * accesslog-svc: durable, batched access-log ingestion. The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  // One `@EventPattern` per task of the 'accesslog' queue; the JetStream transport serves them.
  controllers: [createTaskController('accesslog', handlers)],
  providers: [],
})
export class AppModule {}
