import { Module } from '@nestjs/common';

/**
 * accesslog-svc: durable, batched access-log ingestion. The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  /*
   * TASK CONTROLLER GOES HERE (runtime lead): `createTaskController('accesslog', handlers)` with the
   * handler map from ./handlers/index.js (written by the queue's owner). bootstrapService
   * connects the JetStream transport for the 'accesslog' queue, which serves it.
   */
  controllers: [],
  providers: [],
})
export class AppModule {}
