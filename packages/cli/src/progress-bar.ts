import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { TaskProgress } from '@repowiki/contracts';
import { Presets, SingleBar } from 'cli-progress';

/**
 * A live bar on stderr fed by `events.<queue>.<task>.progress` of one task id. Drawn only
 * on a terminal unless `force` (then cli-progress prints a line per update instead).
 */
export function followProgress(
  nc: NatsConnection,
  subject: string,
  taskId: () => string | undefined,
  force: boolean,
): { stop(): void } {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {step} {message}',
      noTTYOutput: force,
      notTTYSchedule: 250,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  const sub: Subscription = nc.subscribe(subject, {
    callback: (_err, msg) => {
      let event: { taskId?: string; progress?: TaskProgress };
      try {
        event = msg.json();
      } catch {
        return;
      }
      if (!event.taskId || event.taskId !== taskId() || !event.progress) return;
      const p = event.progress;
      const percent =
        p.percent ??
        (p.total && p.current !== undefined ? Math.min(100, (p.current / p.total) * 100) : undefined);
      const payload = { step: p.step ?? '', message: p.message ?? '' };
      if (!started) {
        bar.start(100, percent ?? 0, payload);
        started = true;
      } else {
        bar.update(percent ?? bar.getProgress() * 100, payload);
      }
    },
  });
  return {
    stop() {
      sub.unsubscribe();
      if (started) bar.stop();
    },
  };
}
