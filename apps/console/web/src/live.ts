import { type LiveEvent, LiveEventSchema } from '@repowiki/contracts';
import { useEffect, useRef } from 'react';

type Listener = (e: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

/** One EventSource per tab on `/api/live`; it reconnects by itself with Last-Event-ID. */
function ensureSource(): void {
  if (source) return;
  source = new EventSource('/api/live');
  source.onmessage = (m) => {
    const parsed = LiveEventSchema.safeParse(JSON.parse(m.data));
    if (!parsed.success) return;
    for (const l of listeners) l(parsed.data);
  };
}

/** Calls `onEvent` for every live event while the component is mounted. */
export function useLive(onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    ensureSource();
    const l: Listener = (e) => ref.current(e);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
}
