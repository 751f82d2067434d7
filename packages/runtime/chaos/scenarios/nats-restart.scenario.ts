import { sleep } from '../infra/wait.js';
import type { Scenario } from '../scenario.js';
import { runUnderLoad } from '../under-load.js';

/**
 * nats-server stopped under load, down 5 s, started again on the same port and store.
 * Producers are the project's own helpers: TaskClient.submit and the access-log publisher.
 */
export const natsRestart: Scenario = {
  name: 'nats-restart',
  summary:
    'nats-server stopped (SIGTERM), 5 s down, started on the same store; 100 submits/s + 100 page views/s for 25 s',
  async run(ctx) {
    return runUnderLoad(ctx, 'nats-restart', {
      stage: { workers: 2 },
      submitsPerSec: ctx.quick ? 50 : 100,
      pageViewsPerSec: ctx.quick ? 50 : 100,
      durationMs: ctx.quick ? 14_000 : 25_000,
      async disrupt(stage, notes) {
        await sleep(ctx.quick ? 3_000 : 8_000);
        const node = stage.nats[0]!;
        await node.stop();
        await sleep(5_000);
        await node.start();
        notes.push('nats-server down 5 s');
      },
    });
  },
};
