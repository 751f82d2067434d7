/** What each migration step reports: its name and how many rows or objects it changed. */
export interface StepResult {
  step: string;
  changed: number;
}
