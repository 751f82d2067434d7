import { BadRequestException, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { QUEUES, type Queue } from '@repowiki/contracts';
import { setQueuePaused } from '@repowiki/runtime/ops';
import type { Request } from 'express';
import { System } from '../system.js';
import { ActionLog } from './action-log.js';

/**
 * Pause and resume a queue for every worker replica (`setQueuePaused` of `@repowiki/runtime/ops`,
 * as `tasks pause|resume`): paused workers take no new deliveries; running tasks finish.
 */
@Controller('api/queues')
export class QueuesController {
  constructor(
    @Inject(System) private readonly system: System,
    @Inject(ActionLog) private readonly actions: ActionLog,
  ) {}

  @Post(':queue/pause')
  @HttpCode(200)
  pause(@Param('queue') queue: string, @Req() req: Request) {
    return this.set(queueOf(queue), true, req);
  }

  @Post(':queue/resume')
  @HttpCode(200)
  resume(@Param('queue') queue: string, @Req() req: Request) {
    return this.set(queueOf(queue), false, req);
  }

  private set(queue: Queue, paused: boolean, req: Request) {
    const { db, nc, topology } = this.system;
    const by = `console:${req.actor?.role}:${req.actor?.session}`;
    return this.actions.run(req, paused ? 'queue.pause' : 'queue.resume', { queue }, async () => ({
      queue,
      paused,
      ...(await setQueuePaused(db.sql, nc, topology, queue, paused, by)),
    }));
  }
}

function queueOf(name: string): Queue {
  if (!(QUEUES as readonly string[]).includes(name)) throw new BadRequestException(`no queue ${name}`);
  return name as Queue;
}
