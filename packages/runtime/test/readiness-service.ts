/**
 * A real service process for readiness tests: `bootstrapService` over the `statistics`
 * queue with no-op handlers, in namespace NATS_NAMESPACE, HTTP on HTTP_PORT. The handlers
 * come from a factory that takes a provider from Nest (`app.get`), the way an app whose
 * handlers need services builds them: the service does not start if that breaks.
 */
import { tasksOfQueue } from '@repowiki/contracts';
import type { QueueHandlers } from '../src/context.js';
import { bootstrapService } from '../src/service/bootstrap-service.js';
import { serviceEnvSchema } from '../src/service/env.schema.js';
import type { ServiceInfo } from '../src/service/platform.module.js';
import { SERVICE_INFO } from '../src/service/tokens.js';

// Declared apart: inside the call, the generic would be inferred from the context instead.
const envSchema = serviceEnvSchema({ httpPort: 0 });

await bootstrapService({
  name: 'readiness-test-svc',
  version: '0.0.0',
  queue: 'statistics',
  handlers: ({ app }) => {
    const info = app.get<symbol, ServiceInfo>(SERVICE_INFO);
    if (info.name !== 'readiness-test-svc') throw new Error(`SERVICE_INFO is ${JSON.stringify(info)}`);
    return Object.fromEntries(
      tasksOfQueue('statistics').map((t) => [t.subject, async () => null]),
    ) as unknown as QueueHandlers<'statistics'>;
  },
  envSchema,
});
