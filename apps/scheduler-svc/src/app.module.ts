import { Module } from '@nestjs/common';
import { SchedulerService } from './scheduler/scheduler.service.js';

/**
 * scheduler-svc: publishes scheduled tasks (the beat). The logger, NATS connection, database client, metrics
 * registry and the /healthz, /readyz, /metrics endpoints come from bootstrapService
 * (a global module), so this module holds only what is specific to the service.
 */
@Module({
  // The beat: starts once every module is up, stops before NATS and the pool close.
  controllers: [],
  providers: [SchedulerService],
})
export class AppModule {}
