/**
 * A real service process for readiness tests: `bootstrapService` over the `statistics`
 * queue with no-op handlers, in namespace NATS_NAMESPACE, HTTP on HTTP_PORT.
 */
import { Module } from '@nestjs/common';
import { tasksOfQueue } from '@repowiki/contracts';
import { bootstrapService } from '../src/service/bootstrap-service.js';
import { serviceEnvSchema } from '../src/service/env.schema.js';
import { createTaskController } from '../src/transport/task-controller.js';

const handlers = Object.fromEntries(tasksOfQueue('statistics').map((t) => [t.subject, async () => null]));

@Module({ controllers: [createTaskController('statistics', handlers as never)] })
class ReadinessTestModule {}

// Declared apart: inside the call, the generic would be inferred from the context instead.
const envSchema = serviceEnvSchema({ httpPort: 0 });

await bootstrapService({
  name: 'readiness-test-svc',
  version: '0.0.0',
  queue: 'statistics',
  envSchema,
  module: ReadinessTestModule,
});
