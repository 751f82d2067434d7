import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { PurgeRequestSchema, ReplayRequestSchema, type ReplayResult } from '@repowiki/contracts';
import { getDeadLetter, listDeadLetters, purgeDeadLetters, replayDeadLetter } from '@repowiki/runtime/ops';
import type { Request } from 'express';
import { System } from '../system.js';
import { ActionLog } from './action-log.js';
import { parseInput } from './parse.js';

/** At most this many dead letters are listed (a DLQ is small; the CLI scans the same way). */
const LIST_LIMIT = 1_000;

/**
 * The DLQ through `@repowiki/runtime/ops`, as `tasks dlq`: list (by task and reason), one
 * letter with its headers and bytes, replay one or several (idempotent: each entry replays under
 * one id derived from it, so two operators or a repeated click run it once), purge.
 */
@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(System) private readonly system: System,
    @Inject(ActionLog) private readonly actions: ActionLog,
  ) {}

  @Get()
  async list(@Query('queue') queue?: string, @Query('task') task?: string, @Query('code') code?: string) {
    const jsm = await this.system.jsm();
    const letters = await listDeadLetters(jsm, this.system.topology, {
      queue: queue || undefined,
      limit: LIST_LIMIT,
    });
    return letters.filter((d) => (!task || d.task === task) && (!code || d.code === code));
  }

  @Get(':seq')
  async show(@Param('seq') seq: string) {
    return getDeadLetter(await this.system.jsm(), this.system.topology, seqOf(seq));
  }

  /** Replays each selected letter in turn; one that fails is reported and the rest go on. */
  @Post('replay')
  @HttpCode(200)
  async replay(@Body() body: unknown, @Req() req: Request): Promise<ReplayResult> {
    const { seqs } = parseInput(ReplayRequestSchema, body);
    const { client, topology } = this.system;
    const jsm = await this.system.jsm();
    const result: ReplayResult = { replayed: [], failed: [] };
    for (const seq of seqs) {
      try {
        const r = await this.actions.run(req, 'dlq.replay', { seq }, async () =>
          replayDeadLetter(client, jsm, await getDeadLetter(jsm, topology, seq)),
        );
        result.replayed.push({ seq, taskId: r.taskId });
      } catch (e: unknown) {
        result.failed.push({ seq, error: String((e as Error)?.message ?? e).split('\n')[0] ?? '' });
      }
    }
    return result;
  }

  @Post('purge')
  @HttpCode(200)
  async purge(@Body() body: unknown, @Req() req: Request) {
    const filter = parseInput(PurgeRequestSchema, body ?? {});
    if (filter.task && !filter.queue) throw new BadRequestException('task: purging one task needs its queue');
    const jsm = await this.system.jsm();
    return this.actions.run(req, 'dlq.purge', filter, () =>
      purgeDeadLetters(jsm, this.system.topology, filter),
    );
  }
}

function seqOf(text: string): number {
  const seq = Number(text);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new BadRequestException('expected a DLQ sequence number');
  return seq;
}
