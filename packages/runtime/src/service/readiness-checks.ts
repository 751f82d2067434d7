/**
 * Readiness conditions beyond "NATS and PostgreSQL answer", registered by whoever owns
 * them (the JetStream transport registers `consumer`: its worker's durable consumer
 * exists). `/readyz` runs every probe; a probe fails by throwing (a `NotReadyError` to give
 * its code), and its message is what the operator reads in the log.
 */
export class ReadinessChecks {
  private readonly probes = new Map<string, () => void | Promise<void>>();

  register(name: string, probe: () => void | Promise<void>): void {
    if (name === 'nats' || name === 'database') throw new Error(`readiness check "${name}" is built in`);
    this.probes.set(name, probe);
  }

  unregister(name: string): void {
    this.probes.delete(name);
  }

  entries(): [string, () => void | Promise<void>][] {
    return [...this.probes];
  }
}
