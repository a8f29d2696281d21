// Reading events written with an older schema version: each registered upcaster lifts a payload
// by one version, and they run in a chain up to the current version of `eventSchemaVersions`.
import { DomainError } from './errors.ts';
import { eventSchemaVersions, type OrderEvent, type OrderEventType } from './events.ts';

/** Lifts the `data` of one event type from version N to N + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;
/** Upcasters per event type and the version they lift from. */
export type UpcasterRegistry = Partial<Record<OrderEventType, Readonly<Record<number, Upcaster>>>>;

/** The upcasters of this version of the domain. */
export const orderEventUpcasters: UpcasterRegistry = {
  // v2 of PaymentCreated added the payment's currency; every v1 payment was in lira.
  PaymentCreated: {
    1: (data) => ({ ...data, payment: { currency: 'TRY', ...(data['payment'] as Record<string, unknown>) } }),
  },
};

function isOrderEventType(type: string): type is OrderEventType {
  return Object.hasOwn(eventSchemaVersions, type);
}

/**
 * A stored event as the current OrderEvent: its data lifted through every upcaster from its
 * `schemaVersion` to the current one. UNKNOWN_EVENT for a type this version does not know,
 * EVENT_VERSION_UNSUPPORTED for a version newer than current or a missing upcaster.
 */
export function upcastOrderEvent(
  raw: { type: string; schemaVersion: number; data: unknown },
  upcasters: UpcasterRegistry = orderEventUpcasters,
): OrderEvent {
  const { type, schemaVersion } = raw;
  if (!isOrderEventType(type))
    throw new DomainError('UNKNOWN_EVENT', `Unknown event type ${type}`, [], { type });
  const current = eventSchemaVersions[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw unsupported(type, schemaVersion, current);
  }
  let data = raw.data as Record<string, unknown>;
  for (let version = schemaVersion; version < current; version += 1) {
    const upcaster = upcasters[type]?.[version];
    if (upcaster === undefined) throw unsupported(type, schemaVersion, current);
    data = upcaster(data);
  }
  return { type, data } as unknown as OrderEvent;
}

function unsupported(type: string, schemaVersion: number, current: number): DomainError {
  return new DomainError(
    'EVENT_VERSION_UNSUPPORTED',
    `${type} v${schemaVersion} cannot be read (current v${current})`,
    [],
    { type, schemaVersion, current },
  );
}
