import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import {
  SCHEDULER_PAUSE_SUBJECT,
  SCHEDULER_TRIGGER_SUBJECT,
  SchedulePauseReplySchema,
  ScheduleTriggerReplySchema,
} from '@repowiki/contracts';
import { listScheduleFires } from '@repowiki/db';
import { fetchScheduleEntries, requestScheduler } from '@repowiki/runtime/ops';
import type { Request } from 'express';
import { System } from '../system.js';
import { ActionLog } from './action-log.js';
import { json } from './parse.js';

/** How long a scheduler replica has to answer (one repeat on a timeout). @default 5_000 (5 s) */
const SCHEDULER_TIMEOUT_MS = 5_000;

/**
 * The beat's entries as a running scheduler replica answers them (`tasks schedule list`), the
 * recorded fires (`tasks schedule history`), and the controls of `tasks schedule trigger|pause`:
 * requests to scheduler-svc (`requestScheduler`), which records a manual fire once per request
 * and keeps pauses in `schedule_pauses`, honoured by every replica.
 */
@Controller('api/schedules')
export class SchedulesController {
  constructor(
    @Inject(System) private readonly system: System,
    @Inject(ActionLog) private readonly actions: ActionLog,
  ) {}

  @Get()
  async schedules(@Query('entry') entry?: string) {
    const [entries, fires] = await Promise.all([
      fetchScheduleEntries(this.system.nc, this.system.topology, 2_000),
      listScheduleFires(this.system.db, { entry: entry || undefined, limit: 200 }),
    ]);
    return json({ entries: entries ?? null, fires });
  }

  /** Fires the entry now, once: a repeated request names the same slot. */
  @Post(':entry/trigger')
  @HttpCode(200)
  async trigger(@Param('entry') entry: string, @Req() req: Request) {
    const body = { entry, requestedAt: new Date().toISOString() };
    return this.actions.run(req, 'schedule.trigger', { entry }, async () => {
      const r = await requestScheduler(
        this.system.nc,
        this.system.topology,
        SCHEDULER_TRIGGER_SUBJECT,
        body,
        ScheduleTriggerReplySchema,
        SCHEDULER_TIMEOUT_MS,
      );
      return { entry: r.entry, taskId: r.taskId, slot: r.slot, created: r.created };
    });
  }

  @Post(':entry/pause')
  @HttpCode(200)
  pause(@Param('entry') entry: string, @Req() req: Request) {
    return this.setPaused(entry, true, req);
  }

  @Post(':entry/resume')
  @HttpCode(200)
  resume(@Param('entry') entry: string, @Req() req: Request) {
    return this.setPaused(entry, false, req);
  }

  private setPaused(entry: string, paused: boolean, req: Request) {
    const by = `console:${req.actor?.role}:${req.actor?.session}`;
    return this.actions.run(req, paused ? 'schedule.pause' : 'schedule.resume', { entry }, async () => {
      const r = await requestScheduler(
        this.system.nc,
        this.system.topology,
        SCHEDULER_PAUSE_SUBJECT,
        { entry, paused, by },
        SchedulePauseReplySchema,
        SCHEDULER_TIMEOUT_MS,
      );
      return { entry: r.entry, paused: r.paused, changed: r.changed };
    });
  }
}
