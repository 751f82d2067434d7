import { Module } from '@nestjs/common';

/**
 * scheduler-svc: publishes scheduled tasks (the beat). The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  /*
   * SCHEDULER GOES HERE (scheduler engineer): a provider that starts the beat on module
   * init and stops it on destroy; it reads NATS_CONNECTION, DB_CLIENT and SERVICE_ENV
   * (tokens from @repowiki/runtime). There is no task queue, so no transport.
   */
  controllers: [],
  providers: [],
})
export class AppModule {}
