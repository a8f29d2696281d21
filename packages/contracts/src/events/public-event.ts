import { orderEventTypes, type OrderEventType } from '@orders/domain';
import { z } from 'zod';
import { orderEventEnvelope, type OrderEventEnvelope } from './envelope.ts';
import { orderEventPayloadSchemas, type PublicPayload } from './payloads.v1.ts';

/** An order event as published (orders.v1): the envelope with the typed public payload of type `K`. */
export type PublicOrderEventOf<K extends OrderEventType> = Omit<OrderEventEnvelope, 'type' | 'data'> & {
  type: K;
  data: PublicPayload<K>;
};

/** Any order event as published: a union discriminated by `type`. */
export type PublicOrderEvent = { [K in OrderEventType]: PublicOrderEventOf<K> }[OrderEventType];

/** The envelope of event type `type` with its public payload schema as `data`. */
export function publicOrderEventSchemaOf<K extends OrderEventType>(
  type: K,
): z.ZodType<PublicOrderEventOf<K>> {
  return orderEventEnvelope.extend({
    type: z.literal(type),
    data: orderEventPayloadSchemas[type],
  }) as unknown as z.ZodType<PublicOrderEventOf<K>>;
}

const variants = orderEventTypes.map((type) =>
  orderEventEnvelope.extend({ type: z.literal(type), data: orderEventPayloadSchemas[type] }),
);

/**
 * Validates a message value of the order events topic: the envelope, and `data` by the payload
 * schema of its `type`. Unknown fields are dropped (a producer may add optional ones), an
 * unknown `type` is refused. Give it to `runConsumer` as the schema.
 */
export const publicOrderEvent = z.discriminatedUnion(
  'type',
  variants as unknown as [(typeof variants)[number], ...(typeof variants)[number][]],
) as unknown as z.ZodType<PublicOrderEvent>;
