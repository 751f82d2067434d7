/**
 * A real service process for readiness tests: `bootstrapService` over the `statistics`
 * queue with no-op handlers, in namespace NATS_NAMESPACE, HTTP on HTTP_PORT.
 */
import { tasksOfQueue } from '@repowiki/contracts';
import type { QueueHandlers } from '../src/context.js';
import { bootstrapService } from '../src/service/bootstrap-service.js';
import { serviceEnvSchema } from '../src/service/env.schema.js';

const handlers = Object.fromEntries(
  tasksOfQueue('statistics').map((t) => [t.subject, async () => null]),
) as unknown as QueueHandlers<'statistics'>;

// Declared apart: inside the call, the generic would be inferred from the context instead.
const envSchema = serviceEnvSchema({ httpPort: 0 });

await bootstrapService({
  name: 'readiness-test-svc',
  version: '0.0.0',
  queue: 'statistics',
  handlers,
  envSchema,
});
