import { Inject, Injectable } from '@nestjs/common';
import { ROOT_LOGGER } from '@repowiki/runtime';
import type { Request } from 'express';
import type { Logger } from 'pino';

/**
 * Every action, with who and what: one `console action` log line per attempt (also refused
 * and failed ones), `{ action, actor: { role, session, ip, userAgent }, target, outcome }`.
 * The session id is random per login: it ties a person's actions together without naming them.
 */
@Injectable()
export class ActionLog {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  /** Runs an action and logs it with its outcome, or with its error (and rethrows). */
  async run<T>(req: Request, action: string, target: object, act: () => Promise<T>): Promise<T> {
    try {
      const result = await act();
      this.record(req, action, target, { ok: true, result });
      return result;
    } catch (e: unknown) {
      this.failed(req, action, target, e);
      throw e;
    }
  }

  record(req: Request, action: string, target: object, outcome: object = { ok: true }): void {
    this.logger.info({ action, actor: actorOf(req), target, outcome }, 'console action');
  }

  failed(req: Request, action: string, target: object, err: unknown): void {
    this.logger.warn({ action, actor: actorOf(req), target, err }, 'console action failed');
  }

  refused(req: Request, action: string, why: string): void {
    this.logger.warn({ action, actor: actorOf(req), why }, 'console action refused');
  }
}

function actorOf(req: Request) {
  return {
    role: req.actor?.role ?? null,
    session: req.actor?.session ?? null,
    ip: req.ip ?? null,
    userAgent: req.get?.('user-agent') ?? null,
  };
}
