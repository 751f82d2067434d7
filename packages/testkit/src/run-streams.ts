/** True for a stream of a test namespace of the run tagged `runTag` (and of no other run). */
export function isRunTestStream(name: string, runTag: string): boolean {
  const pattern = new RegExp(`^[A-Z][A-Z0-9]*_${runTag.toUpperCase()}[0-9A-F]{6}_(TASKS_[A-Z]+|EVENTS|DLQ)$`);
  return pattern.test(name);
}
