import { randomUUID } from 'node:crypto';
import type { OrderEventEnvelope } from '@orders/contracts';
import { createEventStore, type EventStore } from '@orders/event-store';
import { createProducer, ensureTopics, eventHeaders, type Producer } from '@orders/messaging';
import { useTestKafka } from '@orders/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector } from '../connector.ts';
import { startConnectorInProcess } from '../test-support/connector.ts';
import { startHarness, waitFor, type Harness } from '../test-support/harness.ts';
import { envelopeOf } from './event-store.ts';

// The distributed mode: the connector consumes order events from a real Kafka topic. The
// relay is not part of this test: the test publishes each order's events itself, as
// envelopes keyed by order id with the standard headers, as the relay does.
const kafka = useTestKafka();
const topic = kafka.topic('orders-events');
let h: Harness;
let connector: Connector;
let producer: Producer;
let store: EventStore;

beforeAll(async () => {
  await ensureTopics(kafka.brokers, [{ name: topic, partitions: 3, replicationFactor: 1 }]);
  h = await startHarness({
    connectorEnv: {
      SOURCE: 'kafka',
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC: topic,
      KAFKA_GROUP_ID: kafka.groupId('vigo-connector'),
      KAFKA_PARTITIONS_CONCURRENCY: '3',
      // Two consumers of the group in the process, splitting the three partitions.
      KAFKA_CONSUMERS: '2',
    },
  });
  producer = createProducer({ brokers: kafka.brokers, clientId: 'vigo-connector-test' });
  await producer.connect();
  store = createEventStore({ connectionString: h.database.url, poolSize: 2 });
  connector = await startConnectorInProcess(h.connectorEnv);
  await (connector.source as unknown as { ready(): Promise<void> }).ready();
});
afterAll(async () => {
  await connector?.stop();
  await producer?.disconnect();
  await store?.close();
  await h?.close();
});

/** The order's events as the relay would publish them. */
async function envelopes(orderId: string): Promise<OrderEventEnvelope[]> {
  const { events } = await store.readStream(`order-${orderId}`);
  return events.map((e) => envelopeOf(e)!);
}

function publish(list: readonly OrderEventEnvelope[]) {
  return producer.send(
    list.map((e) => ({
      topic,
      key: e.orderId,
      value: JSON.stringify(e),
      headers: eventHeaders({
        eventId: e.eventId,
        eventType: e.type,
        schemaVersion: e.schemaVersion,
        tenantId: e.tenantId,
        correlationId: e.correlationId ?? e.eventId,
        occurredAt: new Date(e.occurredAt),
      }),
    })),
  );
}

const row = (orderId: string) =>
  h.db.selectFrom('vigo_connector.dispatches').selectAll().where('order_id', '=', orderId).executeTakeFirst();

it('dispatches from Kafka once, whatever is redelivered, and walks the order to delivered', async () => {
  const { orderId, orderNo } = await h.user.create();
  const created = await envelopes(orderId);
  const orderCreated = created.find((e) => e.type === 'OrderCreated')!;
  // The same event twice (a producer retry), and a copy under another event id (a replay).
  await publish([...created, orderCreated, { ...orderCreated, eventId: randomUUID() }]);

  const vigo = await waitFor('Vigo order prepared', async () => {
    const [order] = await h.control.ordersNumbered(orderNo);
    return order?.prepared ? order : undefined;
  });
  await h.control.advance(vigo.id, 'delivered');
  await waitFor('order delivered', async () => (await h.user.status(orderId)) === 'delivered');
  // The status events the callbacks caused come back through Kafka too; they change nothing.
  const all = await envelopes(orderId);
  await publish(all.filter((e) => !created.some((c) => c.eventId === e.eventId)));

  const deduped = await waitFor('consumer dedupe rows', async () => {
    const rows = await h.db
      .selectFrom('vigo_connector.consumer_dedupe' as never)
      .select('event_id' as never)
      .execute();
    return rows.length === all.length + 1 ? rows : undefined;
  });
  expect(deduped).toHaveLength(all.length + 1);
  expect(await h.control.ordersNumbered(orderNo)).toHaveLength(1);
  expect(await row(orderId)).toMatchObject({
    state: 'prepared',
    vigo_order_id: vigo.id,
    vigo_state: 'delivered',
    attempts: 1,
  });
  expect(await h.statusHistory(orderId)).toEqual([
    'created',
    'assigned',
    'to-picking',
    'picked',
    'on-delivery',
    'delivered',
  ]);
});

it('cancels the Vigo order when OrderCancelled arrives on the topic', async () => {
  const { orderId, orderNo } = await h.user.create();
  await publish(await envelopes(orderId));
  await waitFor('row prepared', async () => (await row(orderId))?.state === 'prepared');
  await h.user.cancel(orderId);
  await publish((await envelopes(orderId)).filter((e) => e.type === 'OrderCancelled'));
  await waitFor(
    'Vigo order cancelled',
    async () => (await h.control.ordersNumbered(orderNo))[0]?.state === 'cancelled',
  );
  // The row is written once Vigo has answered the cancel: wait for it, do not race it.
  await waitFor('row cancelled', async () => (await row(orderId))?.state === 'cancelled');
  expect(await row(orderId)).toMatchObject({ state: 'cancelled' });
});
