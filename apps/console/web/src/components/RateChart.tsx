import type { RateBucket } from '@repowiki/contracts';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Succeeded and failed tasks per minute over the last hour (uPlot: canvas, ~50 kB). */
export function RateChart({ rates }: { rates: RateBucket[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    // Every minute of the hour, zero where nothing finished.
    const now = Math.floor(Date.now() / 60_000) * 60;
    const byMinute = new Map(rates.map((r) => [Math.floor(Date.parse(r.at) / 1000), r]));
    const xs: number[] = [];
    const ok: number[] = [];
    const failed: number[] = [];
    for (let t = now - 59 * 60; t <= now; t += 60) {
      xs.push(t);
      ok.push(byMinute.get(t)?.succeeded ?? 0);
      failed.push(byMinute.get(t)?.failed ?? 0);
    }
    const plot = new uPlot(
      {
        width: el.current.clientWidth || 600,
        height: 180,
        series: [
          {},
          { label: 'succeeded', stroke: '#15803d', fill: 'rgba(21,128,61,.12)' },
          { label: 'failed', stroke: '#b91c1c', fill: 'rgba(185,28,28,.12)' },
        ],
        axes: [{}, { label: 'tasks / min' }],
      },
      [xs, ok, failed],
      el.current,
    );
    return () => plot.destroy();
  }, [rates]);
  return <div ref={el} className="chart" data-testid="rate-chart" />;
}
