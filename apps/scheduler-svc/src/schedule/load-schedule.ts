import { readFileSync } from 'node:fs';
import { getTask } from '@repowiki/contracts';
import { z } from 'zod';
import { ScheduleConfigError } from '../scheduler.errors.js';
import { DEFAULT_SCHEDULE } from './default-schedule.js';
import { type ScheduleConfig, ScheduleConfigSchema, type ScheduleEntry } from './schedule-entry.schema.js';

export interface ScheduleSources {
  /** Path of a JSON file (SCHEDULE_FILE). */
  file?: string | undefined;
  /** Inline JSON (SCHEDULE_JSON); applied after the file, so it wins. */
  json?: string | undefined;
}

/** Defaults of SPEC §4, then the file, then the env JSON. Throws ScheduleConfigError. */
export function loadSchedule(sources: ScheduleSources = {}): ScheduleEntry[] {
  const configs: ScheduleConfig[] = [];
  if (sources.file) configs.push(parseConfig(readConfigFile(sources.file), `file ${sources.file}`));
  if (sources.json) configs.push(parseConfig(sources.json, 'SCHEDULE_JSON'));
  return resolveSchedule(configs);
}

export function resolveSchedule(configs: readonly ScheduleConfig[]): ScheduleEntry[] {
  const includeDefaults = configs.every((c) => c.includeDefaults);
  const byName = new Map<string, ScheduleEntry>(
    includeDefaults ? DEFAULT_SCHEDULE.map((e) => [e.name, e]) : [],
  );
  for (const config of configs) {
    for (const [name, o] of Object.entries(config.entries)) {
      if (o.enabled === false) {
        byName.delete(name);
        continue;
      }
      const base = byName.get(name);
      const subject = o.task ?? base?.subject;
      if (!subject)
        throw new ScheduleConfigError(`schedule entry "${name}": "task" is required for a new entry`);
      // A new trigger replaces the old one: an interval entry overridden with a cron stops being an interval.
      const trigger =
        o.everySeconds !== undefined
          ? { everySeconds: o.everySeconds }
          : o.cron !== undefined
            ? { cron: o.cron }
            : base?.everySeconds !== undefined
              ? { everySeconds: base.everySeconds }
              : base?.cron !== undefined
                ? { cron: base.cron }
                : undefined;
      if (!trigger) throw new ScheduleConfigError(`schedule entry "${name}": set "everySeconds" or "cron"`);
      const payload = o.payload ?? (o.task && o.task !== base?.subject ? {} : base?.payload) ?? {};
      const checked = getTask(subject).payload.safeParse(payload);
      if (!checked.success) {
        throw new ScheduleConfigError(
          `schedule entry "${name}": payload does not match ${subject}: ${z.prettifyError(checked.error)}`,
        );
      }
      byName.set(name, {
        name,
        subject,
        payload,
        ...trigger,
        timezone: o.timezone ?? base?.timezone ?? 'UTC',
        missed: o.missed ?? base?.missed ?? 'catch-up',
      });
    }
  }
  return [...byName.values()];
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScheduleConfigError(`SCHEDULE_FILE: cannot read ${path}`, { cause: e });
  }
}

function parseConfig(text: string, source: string): ScheduleConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScheduleConfigError(`${source}: not valid JSON`, { cause: e });
  }
  const parsed = ScheduleConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ScheduleConfigError(`${source}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
