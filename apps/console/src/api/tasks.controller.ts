import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  type RetryManyResult,
  TaskListQuerySchema,
  type TaskPage,
  type TaskRetryManyQuery,
  TaskRetryManyQuerySchema,
} from '@repowiki/contracts';
import { childTaskRuns } from '@repowiki/db';
import { getRun, listRuns, type RunFilter, retryableRuns, retryRun, retryRuns } from '@repowiki/runtime/ops';
import type { Request } from 'express';
import { System } from '../system.js';
import { ActionLog } from './action-log.js';
import { json, parseInput } from './parse.js';
import { decodeCursor, encodeCursor } from './task-cursor.js';

/**
 * The ledger: runs filtered by state, task, queue, user, time range and text (id or error),
 * newest first, a keyset page at a time (`listRuns` of `@repowiki/runtime/ops`, as `tasks list`).
 */
@Controller('api/tasks')
export class TasksController {
  constructor(
    @Inject(System) private readonly system: System,
    @Inject(ActionLog) private readonly actions: ActionLog,
  ) {}

  @Get()
  async list(@Query() query: unknown): Promise<TaskPage> {
    const q = parseInput(TaskListQuerySchema, query);
    const before = q.before ? decodeCursor(q.before) : undefined;
    if (q.before && !before) throw new BadRequestException('before: not a cursor of this list');
    const rows = await listRuns(this.system.db.sql, { ...runFilterOf(q), before }, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      rows: page.map(json),
      next: rows.length > q.limit && last ? encodeCursor(last) : null,
    } as unknown as TaskPage;
  }

  @Get(':id')
  async detail(@Param('id') id: string) {
    const run = await getRun(this.system.db.sql, id);
    if (!run) throw new NotFoundException(`no task ${id}`);
    return json({ ...run, children: await childTaskRuns(this.system.db, id) });
  }

  /**
   * Every FAILURE or REVOKED run the list's filters match and nobody retried yet, at most
   * `limit` (newest first), each as `retryRun` (as `tasks retry` with filters): asked twice,
   * a run is still retried once.
   */
  @Post('retry')
  @HttpCode(200)
  async retryMany(@Query() query: unknown, @Req() req: Request): Promise<RetryManyResult> {
    const q = parseInput(TaskRetryManyQuerySchema, query);
    // As `tasks retry` without an id: a bulk retry names what it retries (a typo'd request
    // must not re-run every failed run of the ledger).
    if (!(q.state || q.task || q.queue || q.user || q.from || q.to || q.q))
      throw new BadRequestException('give at least one filter (state, task, queue, user, from, to or q)');
    return this.actions.run(req, 'task.retry-many', { filter: q }, async () => {
      const ids = await retryableRuns(this.system.client, runFilterOf(q), q.limit);
      const results = await retryRuns(this.system.client, ids);
      return {
        matched: ids.length,
        created: results.filter((r) => 'created' in r && r.created).length,
        failed: results.filter((r) => 'error' in r).length,
        results,
      };
    });
  }

  /**
   * A FAILURE or REVOKED run again, as a new run linked to it (`retryRun` of
   * `@repowiki/runtime/ops`, as `tasks retry`): one retry per run, however often it is asked.
   */
  @Post(':id/retry')
  @HttpCode(200)
  async retry(@Param('id') id: string, @Req() req: Request) {
    return this.actions.run(req, 'task.retry', { taskId: id }, () => retryRun(this.system.client, id));
  }

  /** Queued: REVOKED at once; running: the worker aborts it and ends it REVOKED. */
  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(@Param('id') id: string, @Req() req: Request) {
    const state = await this.actions.run(req, 'task.revoke', { taskId: id }, () =>
      this.system.client.revoke(id),
    );
    if (state === 'NOT_FOUND') throw new NotFoundException(`no task ${id}`);
    return { taskId: id, state };
  }
}

/** The list's filters (URL query) as the ledger's RunFilter. */
function runFilterOf(q: TaskRetryManyQuery): RunFilter {
  return {
    states: q.state ? [q.state] : undefined,
    task: q.task,
    queue: q.queue,
    userId: q.user,
    since: q.from ? new Date(q.from) : undefined,
    until: q.to ? new Date(q.to) : undefined,
    text: q.q,
  };
}
