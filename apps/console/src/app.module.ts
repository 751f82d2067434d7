import { randomBytes } from 'node:crypto';
import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ROOT_LOGGER } from '@repowiki/runtime';
import type { Logger } from 'pino';
import { ActionLog } from './api/action-log.js';
import { DeadLettersController } from './api/dead-letters.controller.js';
import { ErrorFilter } from './api/ops-error.filter.js';
import { OverviewController } from './api/overview.controller.js';
import { QueuesController } from './api/queues.controller.js';
import { SchedulesController } from './api/schedules.controller.js';
import { TasksController } from './api/tasks.controller.js';
import { WarehousesController } from './api/warehouses.controller.js';
import { AuthMiddleware } from './auth/auth.middleware.js';
import { LoginController } from './auth/login.controller.js';
import { Sessions } from './auth/session.js';
import type { Env } from './env.js';
import { LiveController } from './live/live.controller.js';
import { LiveFeed } from './live/live-feed.js';
import { WebAppMiddleware } from './static/web-app.middleware.js';
import { System } from './system.js';

/** The token a development console made for itself (CONSOLE_TOKEN unset outside production). */
const GENERATED_TOKEN = Symbol.for('repowiki.console.generated-token');

/** Logs the sign-in URL when the token was generated at boot (development only). */
class DevLoginNotice implements OnApplicationBootstrap {
  constructor(
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(GENERATED_TOKEN) private readonly generated: { token: string; url: string } | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.generated) return;
    this.logger.warn(
      { loginUrl: `${this.generated.url}/login#token=${this.generated.token}` },
      'CONSOLE_TOKEN is unset: a token was generated for this run; sign in with loginUrl',
    );
  }
}

export function consoleModule(env: Env): DynamicModule {
  const generated = env.CONSOLE_TOKEN
    ? null
    : { token: randomBytes(24).toString('base64url'), url: `http://${env.HTTP_HOST}:${env.HTTP_PORT}` };
  const sessions = new Sessions({
    operatorToken: env.CONSOLE_TOKEN ?? generated!.token,
    viewerToken: env.CONSOLE_VIEWER_TOKEN,
    ttlMs: env.CONSOLE_SESSION_TTL_MS,
  });

  @Module({
    controllers: [
      LoginController,
      OverviewController,
      QueuesController,
      TasksController,
      DeadLettersController,
      SchedulesController,
      WarehousesController,
      LiveController,
    ],
    providers: [
      { provide: Sessions, useValue: sessions },
      { provide: GENERATED_TOKEN, useValue: generated },
      { provide: APP_FILTER, useClass: ErrorFilter },
      ActionLog,
      System,
      LiveFeed,
      DevLoginNotice,
    ],
  })
  class ConsoleModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      // MUST stay first: nothing (API, pages, assets) is served before the token check.
      consumer.apply(AuthMiddleware, WebAppMiddleware).forRoutes('*');
    }
  }
  return { module: ConsoleModule };
}
