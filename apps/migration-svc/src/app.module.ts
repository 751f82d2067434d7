import { Module } from '@nestjs/common';
import { createTaskController } from '@repowiki/runtime';
import { handlers } from './handlers/index.js';

/**
 * migration-svc: schema migrations, seeding, indexes, backup/restore. The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  // One `@EventPattern` per task of the 'migration' queue; the JetStream transport serves them.
  controllers: [createTaskController('migration', handlers)],
  providers: [],
})
export class AppModule {}
