import { desiOf } from '@orders/domain';
import {
  createOrderBodySchema,
  type CourierType,
  type CreateOrderBody,
  type OrderCallback,
  type PaymentMethod,
  type PaymentType,
} from '@orders/contracts/vigo';
import type { OrderDetails, OrderLoad, OrderRoute } from './order-api-client.ts';

// The v3 order → Vigo `POST /order` body, in one place. Every rule is in the README's
// "Mapping" table and tested in mapping.unit.spec.ts.

/** The channel value that makes an order the connector's. */
export const vigoChannel = 'vigo';

/** v3 vehicle_type → Vigo courierType; any other vehicle cannot be carried by Vigo. */
export const courierTypeOfVehicle: Readonly<Record<string, CourierType>> = {
  motorbike: 'motorCourier',
  car: 'carCourier',
  van: 'carCourier',
  bicycle: 'bicycleCourier',
  walker: 'pedestrian',
};

/** How the pickup point is given to Vigo: a registered (approved) point by id, or the origin route in full. */
export type PickupChoice = { kind: 'registered'; vigoPickupPointId: string } | { kind: 'unregistered' };

export interface MappingConfig {
  platform: string;
  /** courierType when the order has no vehicle_type. */
  defaultCourierType: CourierType;
  callback: OrderCallback;
}

export type MappingResult = { ok: true; body: CreateOrderBody } | { ok: false; reasons: string[] };

/** The Vigo payment of a v3 order: `cod` exactly when the receiver pays on delivery. */
export function paymentOf(
  paymentType: string | undefined,
  paymentMethod: string | undefined,
): { paymentType: PaymentType; paymentMethod: PaymentMethod } {
  const receiverPays = paymentType === 'receiver';
  const cashOnDelivery = paymentType === 'cash' && paymentMethod === 'cash';
  if (receiverPays || cashOnDelivery) {
    return { paymentMethod: 'cod', paymentType: paymentMethod === 'card' ? 'creditCard' : 'cash' };
  }
  return { paymentMethod: 'online', paymentType: 'paid' };
}

/** `+905321234567` (how order-api stores Turkish mobiles) → `05321234567` (how Vigo shows them). */
export function vigoPhone(phone: string): string {
  const mobile = /^\+90(5\d{9})$/.exec(phone);
  return mobile ? `0${mobile[1]}` : phone;
}

/** Kuruş-exact lira text from order-api's lira number: 1593.5 → "1593.50". */
export function liraText(lira: number): string {
  const kurus = Math.round(lira * 100);
  return `${Math.trunc(kurus / 100)}.${String(kurus % 100).padStart(2, '0')}`;
}

function nameOf(route: OrderRoute | undefined): string | undefined {
  const p = route?.person;
  if (!p) return undefined;
  const full = p.fullname?.trim() || [p.firstname, p.lastname].filter(Boolean).join(' ').trim();
  return full || p.company?.title_brand || p.company?.title_legal || undefined;
}

function addressDetailOf(route: OrderRoute): string | undefined {
  const a = route.address;
  if (!a) return undefined;
  const parts = [
    a.apartment,
    a.floor ? `Kat ${a.floor}` : undefined,
    a.flat ? `Daire ${a.flat}` : undefined,
    a.note,
  ].filter((p): p is string => Boolean(p?.trim()));
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The last route of the type (a v3 order may list several; the last origin/destination is the end of the leg). */
function routeOf(order: OrderDetails, type: 'origin' | 'destination'): OrderRoute | undefined {
  return order.routes.filter((r) => r.route_type === type).at(-1);
}

/** The branch the order leaves from, when it names one. */
export function originBranchId(order: OrderDetails): string | undefined {
  return order.branches.find((b) => b.route_type === 'origin')?.branch_id;
}

/** Desi of one piece (L×W×H/3000, rounded up to hundredths), when all three dimensions are known. */
export function pieceDesi(load: Pick<OrderLoad, 'length' | 'width' | 'height'>): number | undefined {
  if (load.length === undefined || load.width === undefined || load.height === undefined) return undefined;
  return desiOf({ lengthCm: load.length, widthCm: load.width, heightCm: load.height });
}

function productOf(load: OrderLoad) {
  const desi = pieceDesi(load);
  return {
    productName: `${load.load_type} ${load.load_no}`,
    ingredients: load.weight === undefined ? '' : `${load.weight} kg`,
    amount: load.quantity ?? 1,
    ...(desi !== undefined ? { desi } : {}),
  };
}

/** Σ piece desi × quantity over the loads with dimensions, in exact hundredths; undefined when none has them. */
export function totalDesi(loads: readonly OrderLoad[]): number | undefined {
  let hundredths = 0;
  let any = false;
  for (const load of loads) {
    const desi = pieceDesi(load);
    if (desi === undefined) continue;
    any = true;
    hundredths += Math.round(desi * 100) * (load.quantity ?? 1);
  }
  return any ? hundredths / 100 : undefined;
}

/**
 * The Vigo create body of a v3 order, or every reason Vigo cannot take it (no receiver
 * coordinates, a vehicle Vigo has no courier for, …). The body is checked against the
 * contracts' `createOrderBodySchema` before it is returned.
 */
export function toVigoOrder(order: OrderDetails, pickup: PickupChoice, config: MappingConfig): MappingResult {
  const reasons: string[] = [];
  const need = <T>(value: T | undefined, reason: string): T | undefined => {
    if (value === undefined || value === '') reasons.push(reason);
    return value;
  };

  const destination = routeOf(order, 'destination');
  if (!destination) reasons.push('the order has no destination route');
  const receiverName = need(nameOf(destination), 'destination route: no receiver name');
  const receiverPhone = need(destination?.person?.phone, 'destination route: no receiver phone');
  const receiverAddress = need(
    destination?.address?.full_address || destination?.address?.description,
    'destination route: no address text (full_address or description)',
  );
  const lat = destination?.address?.latitude;
  const lon = destination?.address?.longitude;
  if (destination && (lat === undefined || lon === undefined)) {
    reasons.push('destination route: no coordinates (latitude and longitude)');
  }

  let pickupPoint: CreateOrderBody['pickupPoint'] | undefined;
  if (pickup.kind === 'registered') {
    pickupPoint = { id: pickup.vigoPickupPointId };
  } else {
    const origin = routeOf(order, 'origin');
    if (!origin) {
      reasons.push('the order has no origin route and its origin branch is not registered with Vigo');
    } else {
      const name = need(nameOf(origin), 'origin route: no sender name');
      const phone = need(origin.person?.phone, 'origin route: no sender phone');
      const address = need(
        origin.address?.full_address || origin.address?.description,
        'origin route: no address text (full_address or description)',
      );
      const olat = origin.address?.latitude;
      const olon = origin.address?.longitude;
      if (olat === undefined || olon === undefined) {
        reasons.push('origin route: no coordinates (latitude and longitude)');
      } else if (name && phone && address) {
        pickupPoint = {
          name,
          address,
          location: { latitude: olat, longitude: olon },
          phone: vigoPhone(phone),
        };
      }
    }
  }

  let courierType: CourierType = config.defaultCourierType;
  if (order.vehicle_type !== undefined) {
    const mapped = courierTypeOfVehicle[order.vehicle_type];
    if (mapped) courierType = mapped;
    else reasons.push(`vehicle_type ${order.vehicle_type}: Vigo has no courier for it`);
  }

  if (reasons.length > 0 || !pickupPoint || !receiverName || !receiverPhone || !receiverAddress) {
    return { ok: false, reasons };
  }
  const detail = destination ? addressDetailOf(destination) : undefined;
  const desi = totalDesi(order.loads);
  const body: CreateOrderBody = {
    receiverName,
    receiverPhone: vigoPhone(receiverPhone),
    receiverAddress,
    ...(detail !== undefined ? { receiverAddressDetail: detail } : {}),
    receiverLocation: { lat: lat!, lon: lon! },
    pickupPoint,
    courierType,
    orderType: 'delivery',
    callback: config.callback,
    orderNumber: order.order_no,
    ...(order.note ? { note: order.note } : {}),
    ...(desi !== undefined ? { desi } : {}),
    ...paymentOf(order.payment_type, order.payment_method),
    ...(order.pricing ? { price: liraText(order.pricing.total_amount) } : {}),
    ...(order.receipt_number ? { receiptNumber: order.receipt_number } : {}),
    platform: config.platform,
    products: order.loads.map(productOf),
  };
  const checked = createOrderBodySchema.safeParse(body);
  if (!checked.success) {
    return {
      ok: false,
      reasons: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    };
  }
  return { ok: true, body };
}
