import { jetstreamManager } from '@nats-io/jetstream';
import { sleep } from '../infra/wait.js';
import type { Scenario } from '../scenario.js';
import { runUnderLoad } from '../under-load.js';

/** A 3-node cluster with R3 streams: the warehouse stream's leader is killed -9 and brought back. */
export const cluster: Scenario = {
  name: 'cluster',
  summary:
    '3-node NATS cluster, R3 streams: kill -9 the task stream leader, back after 10 s; 200 tasks/s for 30 s',
  async run(ctx) {
    return runUnderLoad(ctx, 'cluster', {
      stage: { cluster: true, workers: ctx.quick ? 2 : 3 },
      submitsPerSec: ctx.quick ? 60 : 200,
      pageViewsPerSec: ctx.quick ? 30 : 50,
      durationMs: ctx.quick ? 14_000 : 30_000,
      async disrupt(stage, notes) {
        await sleep(ctx.quick ? 3_000 : 8_000);
        const jsm = await jetstreamManager(stage.nc);
        const info = await jsm.streams.info(stage.topology.taskStream('warehouse'));
        const leader = stage.nats.find((n) => n.name === info.cluster?.leader) ?? stage.nats[0]!;
        await leader.kill();
        const downMs = ctx.quick ? 5_000 : 10_000;
        await sleep(downMs);
        await leader.start();
        notes.push(
          `node ${leader.name} (leader of ${info.config.name}, R${info.config.num_replicas}) killed -9 for ${downMs / 1000} s`,
        );
      },
    });
  },
};
