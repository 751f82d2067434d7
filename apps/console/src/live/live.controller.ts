import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LiveFeed, type SequencedEvent } from './live-feed.js';

/** A comment line this often keeps proxies from closing an idle stream. @default 15_000 (15 s) */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/live`: server-sent events (`text/event-stream`), one `data:` JSON `LiveEvent` per
 * task outcome or progress, `id:` its EVENTS sequence. EventSource reconnects by itself with
 * `Last-Event-ID`; what it missed is replayed, or `reset` tells it to reload.
 */
@Controller('api/live')
export class LiveController {
  constructor(@Inject(LiveFeed) private readonly feed: LiveFeed) {}

  @Get()
  live(@Req() req: Request, @Res() res: Response): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (e: SequencedEvent) => res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e.event)}\n\n`);
    res.write('retry: 2000\n: connected\n\n');
    const last = Number(req.get('last-event-id'));
    if (Number.isSafeInteger(last) && last > 0) {
      const missed = this.feed.since(last);
      if (missed) for (const e of missed) send(e);
      else res.write(`data: ${JSON.stringify({ kind: 'reset' })}\n\n`);
    }
    const unsubscribe = this.feed.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
