import { Body, Controller, Get, Header, Inject, Post, Req, Res } from '@nestjs/common';
import { LoginRequestSchema, type Session } from '@repowiki/contracts';
import type { Request, Response } from 'express';
import { ActionLog } from '../api/action-log.js';
import { LOGIN_PAGE, LOGIN_SCRIPT } from './login-page.js';
import { SESSION_COOKIE, Sessions } from './session.js';

@Controller()
export class LoginController {
  constructor(
    @Inject(Sessions) private readonly sessions: Sessions,
    @Inject(ActionLog) private readonly actions: ActionLog,
  ) {}

  @Get('login')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return LOGIN_PAGE;
  }

  @Get('login.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return LOGIN_SCRIPT;
  }

  /** Form post (303 to `/`) or JSON (204); a wrong token is 401 and logged. */
  @Post('login')
  login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): void {
    const parsed = LoginRequestSchema.safeParse(body);
    const role = parsed.success ? this.sessions.roleOfToken(parsed.data.token) : undefined;
    if (!role) {
      this.actions.refused(req, 'login', 'wrong token');
      res.status(401).type('html').send(LOGIN_PAGE);
      return;
    }
    const { cookie, maxAgeS } = this.sessions.issue(role);
    const actor = this.sessions.verify(cookie)!;
    this.actions.record({ ...req, actor } as Request, 'login', { role });
    const secure = req.secure || process.env.NODE_ENV === 'production' ? '; Secure' : '';
    res.setHeader(
      'Set-Cookie',
      `${SESSION_COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`,
    );
    if (req.is('application/json')) res.status(204).end();
    else res.redirect(303, '/');
  }

  @Post('api/logout')
  logout(@Res() res: Response): void {
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.status(204).end();
  }

  @Get('api/session')
  session(@Req() req: Request): Session {
    const actor = req.actor!;
    return { role: actor.role, csrfToken: actor.viaCookie ? this.sessions.csrfToken(actor.session) : '' };
  }
}
