// The AsyncAPI 3.0 document of the order events topic, generated from the zod schemas of this
// folder (z.toJSONSchema): `pnpm --filter @orders/contracts asyncapi` writes it to
// packages/contracts/asyncapi.json, and a test regenerates it and compares, so it cannot drift.
import { orderEventTypes, type OrderEventType } from '@orders/domain';
import { z } from 'zod';
import { defaultOrderEventsTopic, orderEventEnvelope } from './envelope.ts';
import { orderEventHeaders, orderEventsTopicDefaults } from './headers.ts';
import {
  orderEventPayloadSchemas,
  orderEventsContractVersion,
  publicSchemaVersions,
  sharedPayloadSchemas,
} from './payloads.v1.ts';
import {
  publicLedgerPricing,
  publicLoadPricing,
  publicOrderDates,
  publicOrderPricing,
  publicRoute,
  publicServicePricing,
} from './public-fields.ts';

type Json = Record<string, unknown>;

const schemaRef = (id: string) => `#/components/schemas/${id}`;

/** Every schema of the document under its component name; shared parts first so others refer to them. */
function componentSchemas(): { schemas: Record<string, Json>; payloadIds: Record<OrderEventType, string> } {
  const registry = z.registry<{ id: string }>();
  const named: [string, z.ZodType][] = [
    ['OrderEventEnvelope', orderEventEnvelope],
    ['OrderEventHeaders', orderEventHeaders],
    ['Route', publicRoute],
    ['OrderDates', publicOrderDates],
    ['OrderPricing', publicOrderPricing],
    ['LoadPricing', publicLoadPricing],
    ['ServicePricing', publicServicePricing],
    ['LedgerPricing', publicLedgerPricing],
    ...Object.entries(sharedPayloadSchemas),
  ];
  for (const [id, schema] of named) registry.add(schema, { id });
  const payloadIds = {} as Record<OrderEventType, string>;
  for (const type of orderEventTypes) {
    const schema = orderEventPayloadSchemas[type];
    if (!registry.has(schema)) registry.add(schema, { id: `${type}V1` });
    payloadIds[type] = registry.get(schema)!.id;
  }
  const converted = z.toJSONSchema(registry, {
    target: 'draft-7',
    // Input shapes: no `additionalProperties: false`, so consumers accept optional fields added later.
    io: 'input',
    unrepresentable: 'throw',
    uri: schemaRef,
  }) as { schemas: Record<string, Json> };
  const schemas: Record<string, Json> = {};
  for (const [id] of named) schemas[id] = clean(converted.schemas[id]);
  for (const type of orderEventTypes) {
    const id = payloadIds[type];
    schemas[id] ??= clean(converted.schemas[id]);
  }
  return { schemas, payloadIds };
}

/** A converted schema without the `$schema` / `$id` keys that only make sense for a standalone file. */
function clean(schema: Json | undefined): Json {
  if (!schema) throw new Error('a registered schema was not converted');
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** The AsyncAPI 3.0 document of the order events topic (what the relay publishes). */
export function buildAsyncApiDocument(): Json {
  const { schemas, payloadIds } = componentSchemas();
  const messages: Record<string, Json> = {};
  for (const type of orderEventTypes) {
    const payloadId = payloadIds[type];
    const description = orderEventPayloadSchemas[type].meta()?.description;
    messages[type] = {
      name: type,
      title: type,
      ...(typeof description === 'string' ? { summary: description } : {}),
      contentType: 'application/json',
      headers: { $ref: schemaRef('OrderEventHeaders') },
      correlationId: { location: '$message.header#/correlation-id' },
      payload: {
        allOf: [
          { $ref: schemaRef('OrderEventEnvelope') },
          {
            type: 'object',
            properties: {
              type: { const: type },
              schemaVersion: { const: publicSchemaVersions[type] },
              data: { $ref: schemaRef(payloadId) },
            },
            required: ['type', 'schemaVersion', 'data'],
          },
        ],
      },
      bindings: {
        kafka: {
          key: {
            type: 'string',
            format: 'uuid',
            description: 'The order id: one order’s events keep their order.',
          },
          bindingVersion: '0.5.0',
        },
      },
    };
  }
  const messageRefs = Object.fromEntries(
    orderEventTypes.map((type) => [type, { $ref: `#/components/messages/${type}` }]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Order events',
      version: orderEventsContractVersion,
      description: [
        'Every event of the order service, published by the outbox relay from the event log.',
        'Key: the order id (one order’s events are in order on one partition). Value: the JSON envelope with',
        'the event’s public payload in `data`: references (ids, order_no, statuses, enums, amounts in kuruş,',
        'dates, load numbers), never personal data. Delivery is at least once: dedupe by `eventId`',
        '(the `event-id` header).',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels: {
      orderEvents: {
        address: defaultOrderEventsTopic,
        title: 'Order events',
        description: 'Configurable per deployment (RELAY_TOPIC); this is the default name.',
        messages: messageRefs,
        bindings: {
          kafka: {
            topic: defaultOrderEventsTopic,
            partitions: orderEventsTopicDefaults.partitions,
            topicConfiguration: {
              'cleanup.policy': [orderEventsTopicDefaults.cleanupPolicy],
              'retention.ms': orderEventsTopicDefaults.retentionMs,
            },
            bindingVersion: '0.5.0',
          },
        },
      },
    },
    operations: {
      publishOrderEvents: {
        action: 'send',
        title: 'The relay publishes every order event',
        channel: { $ref: '#/channels/orderEvents' },
        messages: orderEventTypes.map((type) => ({ $ref: `#/channels/orderEvents/messages/${type}` })),
      },
    },
    components: { schemas, messages },
  };
}
