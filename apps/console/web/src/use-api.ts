import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Loads again (live events call it, debounced). */
  reload: () => void;
}

/**
 * Loads `load()` now and whenever `key` changes; keeps the last data while reloading.
 * `reload()` waits 300 ms for more (a burst of events costs one load), and at least
 * `minIntervalMs` since the last load (screens whose load is costly, e.g. the overview).
 */
export function useApi<T>(load: () => Promise<T>, key: string, minIntervalMs = 0): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastLoad = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key and tick are the reasons to load again
  useEffect(() => {
    let stale = false;
    lastLoad.current = Date.now();
    setLoading(true);
    loadRef
      .current()
      .then((d) => {
        if (stale) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => !stale && setError(String((e as Error)?.message ?? e)))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [key, tick]);
  // Many events in a burst (progress) cost one reload per 300 ms.
  const reload = useCallback(() => {
    clearTimeout(timer.current);
    const wait = Math.max(300, lastLoad.current + minIntervalMs - Date.now());
    timer.current = setTimeout(() => setTick((t) => t + 1), wait);
  }, [minIntervalMs]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { data, error, loading, reload };
}
