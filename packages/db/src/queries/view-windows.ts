const DAY_MS = 86_400_000;

/** Start instants of the view-count windows, all at 00:00 UTC. */
export interface ViewWindows {
  /** Today, UTC. */
  today: Date;
  /** The last 7 UTC calendar days, today included. */
  week: Date;
  /** The last 30 UTC calendar days, today included. */
  month: Date;
}

/**
 * Calendar-day windows that nest (today ⊂ week ⊂ month) on every day of the year, unlike
 * "this week"/"this month" which do not nest on the 1st of a month.
 */
export function viewWindows(now: Date): ViewWindows {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { today: new Date(today), week: new Date(today - 6 * DAY_MS), month: new Date(today - 29 * DAY_MS) };
}
