import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { TaskClient } from '../src/client/task-client.js';
import { DomainEventConsumer } from '../src/events/domain-event-consumer.js';
import { Topology } from '../src/nats/topology.js';
import { silent } from './test-handlers.js';

describe('domain events', () => {
  test('a durable consumer handles each events.warehouse.completed once, across replicas, and skips invalid ones', async ({
    nc,
    dbClient,
  }) => {
    const namespace = uniqueName('ev');
    const topology = new Topology(namespace);
    const seen: string[] = [];
    const make = () =>
      new DomainEventConsumer({
        nc,
        db: dbClient,
        topology,
        serviceName: 'minimap-svc',
        subject: 'events.warehouse.completed',
        tasks: new TaskClient({ nc, db: dbClient, namespace }),
        logger: silent,
        handler: async (event) => {
          seen.push((event as { warehouseId: string }).warehouseId);
        },
      });
    const replicas = [make(), make()];
    for (const r of replicas) await r.start();
    const ids = ['3f0c1a52-8a8e-4c4f-9d37-0f6c6ad7e0a1', '9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d'];
    nc.publish(
      `${namespace}.events.warehouse.completed`,
      JSON.stringify({ warehouseId: 'not-a-uuid', version: 'x', completedAt: 'y' }),
    );
    for (const warehouseId of ids) {
      nc.publish(
        `${namespace}.events.warehouse.completed`,
        JSON.stringify({ warehouseId, version: 'abc123', completedAt: new Date().toISOString() }),
      );
    }
    await waitFor(() => seen.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.sort()).toEqual([...ids].sort());
    for (const r of replicas) await r.stop();
  });
});
