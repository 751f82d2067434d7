import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { SERVICE_ENV } from '@repowiki/runtime';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pathOf } from '../auth/auth.middleware.js';
import type { Env } from '../env.js';

/** Paths the Nest controllers answer: never the front-end. */
const SERVER_PATHS = /^\/(api\/|healthz$|readyz$|metrics$|login(\.js)?$)/;

/**
 * Serves the built front-end (vite's `dist/web`): hashed assets cached for a year, and
 * `index.html` for every other GET, since the browser app routes by path. Runs after the auth
 * middleware, so none of it is served without a token.
 */
@Injectable()
export class WebAppMiddleware implements NestMiddleware {
  private readonly assets: ReturnType<typeof express.static>;
  private readonly index: string;

  constructor(@Inject(SERVICE_ENV) env: Env) {
    this.assets = express.static(env.CONSOLE_WEB_DIR, {
      index: false,
      immutable: true,
      maxAge: '365d',
      fallthrough: true,
    });
    this.index = join(env.CONSOLE_WEB_DIR, 'index.html');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(pathOf(req))) {
      next();
      return;
    }
    // Nest mounts this on a wildcard route, which leaves `req.url` relative to it: serve the real path.
    req.url = req.originalUrl;
    this.assets(req, res, () => {
      if (!existsSync(this.index)) {
        res
          .status(503)
          .type('text')
          .send('the console front-end is not built: run `pnpm --filter @repowiki/console build`');
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(this.index);
    });
  }
}
