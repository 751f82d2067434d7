import { createRequire } from 'node:module';
import pino, { type DestinationStream } from 'pino';
import type { MessageFormatFunc, PrettyOptions } from 'pino-pretty';

/**
 * pino-pretty (29 modules) is loaded only when a pretty log is asked for: production logs
 * JSON, and every idle service would otherwise carry it (issue 17, idle memory).
 */
const loadPrettyFactory = () =>
  (
    createRequire(import.meta.url)('pino-pretty') as {
      prettyFactory: (o: PrettyOptions) => (line: string) => string;
    }
  ).prettyFactory;

/**
 * `LOG_FORMAT`: `json` (one JSON object per line, what log collectors read), `pretty` (one
 * coloured line per event, for people), or `auto`: pretty when stdout is a terminal, JSON
 * otherwise. Production is always JSON (`pretty` is refused there by the env schema).
 */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormatSetting = (typeof LOG_FORMATS)[number];
export type LogFormat = Exclude<LogFormatSetting, 'auto'>;

export function resolveLogFormat(
  setting: LogFormatSetting,
  where: { production: boolean; isTTY: boolean },
): LogFormat {
  if (where.production) return 'json';
  if (setting === 'auto') return where.isTTY ? 'pretty' : 'json';
  return setting;
}

/** Shown in the message part of a pretty line, so the rest need not repeat them. */
const IN_MESSAGE = ['svc', 'task', 'taskId', 'attempt'];
/** Same on every line of a process: noise for a person. */
const CONSTANT = ['pid', 'hostname', 'version'];

/** `stats-svc statistics.daily 1f3a9c2e #2 task failed`: service, task, run, attempt, message. */
const messageFormat: MessageFormatFunc = (log, messageKey, _level, { colors }) => {
  const parts = [colors.cyan(String(log.svc ?? ''))];
  if (log.task !== undefined) parts.push(colors.magenta(String(log.task)));
  if (log.taskId !== undefined) parts.push(colors.gray(String(log.taskId).slice(0, 8)));
  if (typeof log.attempt === 'number' && log.attempt > 1) parts.push(colors.yellow(`#${log.attempt}`));
  parts.push(String(log[messageKey] ?? ''));
  return parts.join(' ');
};

/**
 * A pino destination that writes each event as one pretty line (pino-pretty), synchronously:
 * the last line before `process.exit` is never lost. Colours unless `colorize` is false
 * (`NO_COLOR`, https://no-color.org).
 */
export function prettyDestination(options: {
  colorize: boolean;
  /** @default stdout (fd 1), synchronous */
  destination?: DestinationStream;
}): DestinationStream {
  const prettify = loadPrettyFactory()({
    colorize: options.colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: [...CONSTANT, ...IN_MESSAGE].join(','),
    messageFormat,
  });
  const out = options.destination ?? pino.destination({ fd: 1, sync: true });
  return { write: (line: string) => out.write(prettify(line)) };
}
