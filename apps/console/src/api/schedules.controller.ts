import { Controller, Get, Inject, Query } from '@nestjs/common';
import { listScheduleFires } from '@repowiki/db';
import { fetchScheduleEntries } from '@repowiki/runtime/ops';
import { System } from '../system.js';

/**
 * The beat's entries as a running scheduler replica answers them (`tasks schedule list`), and
 * the recorded fires (`tasks schedule history`). Trigger now and pause/resume are follow-ups:
 * they come with scheduler-svc's trigger/pause endpoints (cli-parity) and need the console's
 * NATS identity to be allowed those subjects.
 */
@Controller('api/schedules')
export class SchedulesController {
  constructor(@Inject(System) private readonly system: System) {}

  @Get()
  async schedules(@Query('entry') entry?: string) {
    const [entries, fires] = await Promise.all([
      fetchScheduleEntries(this.system.nc, this.system.topology, 2_000),
      listScheduleFires(this.system.db, { entry: entry || undefined, limit: 200 }),
    ]);
    return JSON.parse(JSON.stringify({ entries: entries ?? null, fires }));
  }
}
