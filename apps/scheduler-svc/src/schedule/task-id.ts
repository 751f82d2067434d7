import { createHash } from 'node:crypto';

/**
 * The task id of one fire, derived from `(entry, slot)` only. Whichever replica publishes
 * (or re-publishes after a crash), the id is the same, so JetStream's duplicate window
 * (`Nats-Msg-Id`) and the ledger primary key both drop a second copy. Shaped as a UUID
 * (version nibble 8, "custom") so it fits wherever a task id is expected.
 */
export function fireTaskId(entry: string, slot: number): string {
  const hex = createHash('sha256').update(`repowiki-schedule\0${entry}\0${slot}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
