import { orderEventTypes } from '@orders/domain';
import { z } from 'zod';

/** The topic order events are published to (configurable per deployment). */
export const defaultOrderEventsTopic = 'orders.events.v1';

/**
 * The value of every message on the order events topic (key = order id). `data` is the
 * event's public payload: references (ids, statuses, numbers, amounts), never personal data
 * (names, phones, addresses, TCKN stay in the order service; consumers that need them ask
 * order-api with their own client).
 */
export const orderEventEnvelope = z.object({
  eventId: z.uuid(),
  type: z.enum(orderEventTypes as unknown as [string, ...string[]]),
  schemaVersion: z.number().int().min(1),
  orderId: z.uuid(),
  tenantId: z.string().min(1),
  /** The event's position in the order's stream (1 = OrderCreated). */
  streamVersion: z.number().int().min(1),
  /** The event's global position in the event store. */
  position: z.string().regex(/^\d+$/),
  occurredAt: z.iso.datetime({ offset: true }),
  actorId: z.string().min(1),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type OrderEventEnvelope = z.infer<typeof orderEventEnvelope>;
