import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { isRefusedByNats } from './refused-by-nats.js';

const STATUS = { not_found: 404, conflict: 409, invalid: 400, unavailable: 503 } as const;

/**
 * One answer shape for every error, `{ error, message }`, rendered by the client as text.
 * `OpsError` codes map to statuses; NATS refusing this identity is 403; anything else is 500
 * with a generic message (the details go to the log, not to the browser).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const err = e as { name?: string; code?: string; message?: string };
    if (e instanceof HttpException) {
      const body = e.getResponse();
      const message =
        typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? e.message);
      res.status(e.getStatus()).json({ error: 'request', message: String(message) });
      return;
    }
    if (err?.name === 'OpsError' && err.code && err.code in STATUS) {
      res.status(STATUS[err.code as keyof typeof STATUS]).json({ error: err.code, message: err.message });
      return;
    }
    if (err?.name === 'InvalidPayloadError') {
      res.status(400).json({ error: 'invalid', message: err.message });
      return;
    }
    if (isRefusedByNats(e)) {
      res.status(403).json({ error: 'forbidden', message: 'the console’s NATS identity may not do that' });
      return;
    }
    // pino-http logs the request with this error; the browser gets no detail.
    res.err = e;
    res.status(500).json({ error: 'internal', message: 'the console could not do that (see its log)' });
  }
}
