// The benchmark's writer, in its own thread so that the relay's work does not delay its clock:
// appends realistic order events at a steady rate (commands of 1–3 events, as order-api does)
// until told to stop, then reports what it appended.
import { parentPort, workerData } from 'node:worker_threads';
import { createEventStore } from '@orders/event-store';
import { orderHistory, type OrderHistory } from '@orders/order-events/testing';

const { url, rate, seconds, firstSeq } = workerData as {
  url: string;
  rate: number;
  seconds: number;
  firstSeq: number;
};
const store = createEventStore({ connectionString: url, poolSize: 4, applicationName: 'bench-writer' });

// Orders in progress: each tick appends the next command's events of several orders.
const eventsPerOrder = 20;
let seq = firstSeq;
let open: { history: OrderHistory; next: number }[] = [];
const nextCommand = () => {
  if (open.length < 200)
    open.push({ history: orderHistory({ events: eventsPerOrder, seq: seq++ }), next: 0 });
  const order = open[Math.floor(Math.random() * open.length)]!;
  const size = 1 + Math.floor(Math.random() * 3);
  const events = order.history.events.slice(order.next, order.next + size);
  const expectedVersion = order.next === 0 ? ('no_stream' as const) : BigInt(order.next);
  order.next += events.length;
  if (order.next >= order.history.events.length) open = open.filter((o) => o !== order);
  return { order, events, expectedVersion };
};

const tickMs = 10;
const perTick = (rate * tickMs) / 1_000;
let appended = 0;
let lateTicks = 0;
const inFlight = new Set<Promise<unknown>>();
const start = performance.now();
for (let tick = 0; performance.now() - start < seconds * 1_000; tick += 1) {
  const due = start + tick * tickMs;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  else if (wait < -tickMs) lateTicks += 1;
  // Whole commands until this tick's share of the rate is appended.
  for (let target = Math.round((tick + 1) * perTick); appended < target;) {
    const { order, events, expectedVersion } = nextCommand();
    appended += events.length;
    const append = store
      .append(order.history.streamId, events, {
        expectedVersion,
        streamType: 'order',
        tenantId: order.history.tenantId,
      })
      .finally(() => inFlight.delete(append));
    inFlight.add(append);
  }
}
await Promise.all(inFlight);
await store.close();
parentPort!.postMessage({ appended, seconds: (performance.now() - start) / 1_000, lateTicks, nextSeq: seq });
