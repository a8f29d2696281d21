import { orderEventTypes } from '@orders/domain';
import { z } from 'zod';

/**
 * The Kafka headers of every message on the order events topic (UTF-8 strings). The names are
 * those of `EventHeaders` in @orders/messaging, which builds them; a relay test checks that
 * both lists agree.
 */
export const orderEventHeaders = z.object({
  'event-id': z.uuid().meta({ description: 'Unique id of the event: what consumers dedupe by.' }),
  'event-type': z.enum(orderEventTypes as unknown as [string, ...string[]]),
  'schema-version': z
    .string()
    .regex(/^\d+$/)
    .meta({ description: 'Version of the payload schema within orders.v1 (the envelope’s schemaVersion).' }),
  'tenant-id': z.string().min(1),
  'correlation-id': z
    .string()
    .min(1)
    .meta({ description: 'Shared by everything one request caused (the event id for a root event).' }),
  'causation-id': z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'The request or event that caused this one.' }),
  'occurred-at': z.iso.datetime({ offset: true }).meta({ description: 'When the event happened.' }),
});
export type OrderEventHeaders = z.infer<typeof orderEventHeaders>;

/** Defaults of the order events topic, as the relay provisions it and the AsyncAPI document states. */
export const orderEventsTopicDefaults = {
  partitions: 12,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  cleanupPolicy: 'delete',
} as const;
