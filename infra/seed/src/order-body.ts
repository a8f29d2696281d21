// The create body of one demo order (POST /v3/orders) and the facts its later steps need.
import type { createOrderBody, loadBody, orderServiceBody, routeBody } from '@orders/contracts';
import {
  calculateOrderPrice,
  computeOrderPricing,
  defaultPriceTable,
  formatLira,
  type Kurus,
  type LoadType,
  type OrderType,
  type PaymentMethod,
  type PaymentType,
  type ServiceType,
  type VehicleType,
} from '@orders/domain';
import type { z } from 'zod';
import { person, place, type PersonBody, type Place } from './people.ts';
import type { Random } from './random.ts';
import { cities, orderNotes } from './turkey.ts';
import type { Customer, World } from './world.ts';

export type CreateOrderInput = z.input<typeof createOrderBody>;
type LoadInput = z.input<typeof loadBody>;
type RouteInput = z.input<typeof routeBody>;
type ServiceInput = z.input<typeof orderServiceBody>;

/** One load of the order as later steps refer to it. */
export interface PlannedLoad {
  loadNo: string;
  loadType: LoadType;
}

/** What the lifecycle needs to know of the order it walks. */
export interface OrderFacts {
  orderType: OrderType;
  intercity: boolean;
  sender: Customer;
  receiver: { name: string; phone: string };
  loads: PlannedLoad[];
  /** Kuruş. */
  subTotal: Kurus;
  total: Kurus;
  paymentType: PaymentType;
  paymentMethod: PaymentMethod;
  departureDate: string;
  departureHour: string;
  arrivalDate: string;
  isDraft: boolean;
}

export interface OrderShape {
  /** Departure within the order's status: closed orders lie in the past, open ones around today. */
  timing: 'past' | 'current' | 'future';
  intercity: boolean;
  /** A Vigo last-mile order (`third_party_channel: "vigo"`), dispatched by the connector. */
  vigo: boolean;
  draft: boolean;
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const hour = (random: Random, from: number, to: number): string =>
  `${String(random.int(from, to)).padStart(2, '0')}:${random.pick(['00', '30'])}`;

function vehicleOf(random: Random, orderType: OrderType, vigo: boolean): VehicleType {
  if (vigo) return random.weighted({ motorbike: 60, car: 25, van: 15 });
  switch (orderType) {
    case 'delivery':
      return random.weighted({ motorbike: 45, car: 25, van: 20, bicycle: 5, walker: 5 });
    case 'cargo':
      return random.weighted({ van: 60, truck: 30, car: 10 });
    case 'logistic':
      return random.weighted({ truck: 35, 'ten-wheeler': 20, 'six-wheel': 15, centipede: 30 });
  }
}

interface LoadDraft extends LoadInput {
  load_no: string;
  load_type: LoadType;
  length: number;
  width: number;
  height: number;
  weight: number;
  quantity: number;
}

function loadsOf(random: Random, orderType: OrderType): LoadDraft[] {
  const count =
    orderType === 'delivery' ? random.int(1, 2) : orderType === 'cargo' ? random.int(1, 4) : random.int(2, 8);
  const used = new Set<string>();
  return Array.from({ length: count }, () => {
    let loadNo = `YK${random.digits(10)}`;
    while (used.has(loadNo)) loadNo = `YK${random.digits(10)}`;
    used.add(loadNo);
    return { load_no: loadNo, ...loadDimensions(random, orderType) };
  });
}

/** Type, size (cm) and weight (kg) of one load of an order of `orderType`. */
export function loadDimensions(random: Random, orderType: OrderType): Omit<LoadDraft, 'load_no'> {
  if (orderType === 'logistic') {
    const loadType = random.weighted({ pallet: 60, ibc: 8, bigbag: 10, barrel: 6, crate: 10, roll: 6 });
    const pallet = loadType === 'pallet' || loadType === 'crate';
    return {
      load_type: loadType,
      length: pallet ? 120 : random.int(80, 120),
      width: pallet ? random.pick([80, 100]) : random.int(80, 100),
      height: random.int(90, 180),
      weight: random.int(150, 950),
      quantity: random.int(1, 6),
      stackable: random.chance(0.4),
    };
  }
  const loadType: LoadType =
    orderType === 'delivery'
      ? random.weighted({ parcel: 55, envelope: 30, package: 15 })
      : random.weighted({ parcel: 60, package: 20, sack: 10, envelope: 10 });
  if (loadType === 'envelope') {
    return { load_type: loadType, length: 35, width: 25, height: 2, weight: 0.5, quantity: 1 };
  }
  return {
    load_type: loadType,
    length: random.int(20, 80),
    width: random.int(15, 60),
    height: random.int(10, 60),
    weight: random.int(1, 40),
    quantity: random.chance(0.8) ? 1 : random.int(2, 5),
  };
}

function routeOf(routeType: RouteInput['route_type'], at: Place, who?: PersonBody): RouteInput {
  return { route_type: routeType, address: at.address, ...(who ? { person: who } : {}) };
}

const contentOf = (random: Random, orderType: OrderType) =>
  orderType === 'delivery'
    ? random.weighted({ document: 25, eat: 15, food: 15, flower: 10, gift: 15, other: 20 })
    : orderType === 'cargo'
      ? random.weighted({ other: 60, document: 15, gift: 25 })
      : random.weighted({ other: 80, food: 20 });

/** The payment type and method of an order (prepaid card most of the time). */
function paymentOf(random: Random): { paymentType: PaymentType; paymentMethod: PaymentMethod } {
  const paymentType = random.weighted({ prepaid: 50, cash: 15, receiver: 15, prevailing: 20 });
  const paymentMethod: PaymentMethod =
    paymentType === 'prepaid'
      ? random.weighted({ card: 55, online: 25, transfer: 10, wallet: 10 })
      : paymentType === 'prevailing'
        ? 'transfer'
        : paymentType === 'receiver'
          ? random.weighted({ cash: 60, card: 40 })
          : 'cash';
  return { paymentType, paymentMethod };
}

/** The create body of one order, and the facts of it that the lifecycle steps use. */
export function orderBody(
  random: Random,
  world: World,
  today: string,
  shape: OrderShape,
): { body: CreateOrderInput; facts: OrderFacts } {
  const sender = random.pick(world.customers);
  const originCity = sender.place.city;
  const destinationCity = shape.intercity
    ? random.pick(cities.filter((c) => c.name !== originCity.name))
    : originCity;
  const orderType: OrderType = shape.vigo
    ? 'delivery'
    : shape.intercity
      ? random.weighted({ cargo: 55, logistic: 45 })
      : random.weighted({ delivery: 65, cargo: 25, logistic: 10 });

  // Logistic orders mostly go to another company; parcels and couriers mostly to people.
  const companiesThere = world.customers.filter(
    (c) => c.kind === 'company' && c.place.city.name === destinationCity.name && c !== sender,
  );
  const receiverCustomer =
    (orderType === 'logistic' ? random.chance(0.8) : random.chance(0.2)) && companiesThere.length > 0
      ? random.pick(companiesThere)
      : undefined;
  const receiverPlace = receiverCustomer?.place ?? place(random, destinationCity);
  const receiverPerson = receiverCustomer?.contact ?? person(random, { identity: random.chance(0.2) });

  const vehicleType = vehicleOf(random, orderType, shape.vigo);
  const transportType = shape.intercity
    ? orderType === 'cargo'
      ? random.weighted({ land: 95, air: 5 })
      : random.weighted({ land: 95, sea: 5 })
    : 'land';
  const loads = loadsOf(random, orderType);

  const departureDate =
    shape.timing === 'past'
      ? addDays(today, -random.int(3, 150))
      : shape.timing === 'current'
        ? addDays(today, -random.int(0, 2))
        : addDays(today, random.int(0, 14));
  const departureHour = hour(random, 8, 15);
  const transitDays = shape.intercity ? random.int(1, 2) : 0;
  const arrivalDate = addDays(departureDate, transitDays);
  const arrivalHour = transitDays === 0 ? hour(random, 16, 20) : hour(random, 9, 18);

  const services: ServiceType[] =
    orderType === 'delivery' || !random.chance(0.3)
      ? []
      : random.sample(
          ['insurance', 'porterage', 'storage', 'forklift', 'handling'] as const,
          random.int(1, 2),
        );
  const estimate = calculateOrderPrice(
    {
      origin: coordinatesOf(sender.place),
      destination: coordinatesOf(receiverPlace),
      vehicleType,
      loads: loads.map((l) => ({
        lengthCm: l.length,
        widthCm: l.width,
        heightCm: l.height,
        weightKg: l.weight,
        quantity: l.quantity,
      })),
      services,
      vat: 20,
      at: `${departureDate}T06:00:00.000Z`,
    },
    defaultPriceTable,
  );
  const commission = random.chance(0.3) ? Math.round(estimate.pricing.subTotalAmount * 0.05) : 0;
  const discount = random.chance(0.15) ? Math.round(estimate.pricing.subTotalAmount * 0.1) : 0;
  const pricing = computeOrderPricing({
    baseAmount: estimate.pricing.baseAmount,
    deliveryAmount: estimate.pricing.deliveryAmount,
    servicesAmount: estimate.pricing.servicesAmount,
    commission,
    discountAmount: discount,
    vat: 20,
    estAmount: estimate.estimatedPrice,
  });
  const { paymentType, paymentMethod } = shape.vigo
    ? random.chance(0.7)
      ? { paymentType: 'prepaid' as const, paymentMethod: 'card' as const }
      : { paymentType: 'receiver' as const, paymentMethod: 'cash' as const }
    : paymentOf(random);

  const senderBranch = random.pick(world.branches.filter((b) => b.city.name === originCity.name));
  const receiverBranch = random.pick(world.branches.filter((b) => b.city.name === destinationCity.name));
  const viaBranches = orderType === 'cargo' && shape.intercity && random.chance(0.5);
  const routes: RouteInput[] = [
    routeOf('origin', sender.place, sender.contact),
    ...(viaBranches
      ? [routeOf('departure', senderBranch.place), routeOf('arrival', receiverBranch.place)]
      : []),
    routeOf('destination', receiverPlace, receiverPerson),
  ];

  const serviceBodies: ServiceInput[] = services.map((serviceType) => ({
    service_type: serviceType,
    pricing: { base_amount: formatLira(defaultPriceTable.services[serviceType]), vat: 20, quantity: 1 },
  }));

  const body: CreateOrderInput = {
    order_type: orderType,
    transport_mode:
      orderType === 'delivery'
        ? random.weighted({ fast: 60, standart: 40 })
        : orderType === 'cargo'
          ? random.weighted({ standart: 70, partial: 30 })
          : random.weighted({ complete: 60, partial: 40 }),
    transport_type: transportType,
    content_type: contentOf(random, orderType),
    vehicle_type: vehicleType,
    ...(orderType === 'logistic'
      ? {
          vehicle_body: random.weighted({
            'awning-roof': 35,
            'awning-curation': 20,
            open: 15,
            frigo: 20,
            steel: 10,
          }),
          upload_type: random.weighted({
            'forklift-ramp': 45,
            'side-forklift': 20,
            hand: 20,
            crane: 5,
            'hand-ramp': 10,
          }),
          vehicle_quantity: random.chance(0.85) ? 1 : random.int(2, 3),
        }
      : {}),
    ...(transportType === 'sea'
      ? { container_type: random.pick(['standart20', 'standart40', 'high40'] as const) }
      : {}),
    ...(transportType === 'air' ? { pen_type: random.pick(['ld3', 'ld6', 'ld9'] as const) } : {}),
    shipping_type: random.chance(0.3) ? 'express' : 'standart',
    assign_type: random.chance(0.7) ? 'pool' : 'auto',
    ...(shape.vigo ? { third_party_channel: 'vigo' } : {}),
    ...(random.chance(0.4) ? { note: random.pick(orderNotes) } : {}),
    ...(shape.draft ? { is_draft: true } : {}),
    distance: estimate.distanceKm,
    sales_manager_id: random.pick(world.operators),
    operation_manager_id: random.pick(world.operators),
    ...(random.chance(0.2) ? { receipt_number: `FIS-${random.digits(8)}` } : {}),
    send_sms_to_sender: random.chance(0.6),
    send_sms_to_receiver: random.chance(0.8),
    payment_type: paymentType,
    payment_method: paymentMethod,
    dates: {
      departure_date: departureDate,
      departure_hour: departureHour,
      arrival_date: arrivalDate,
      arrival_hour: arrivalHour,
    },
    pricing: {
      base_amount: formatLira(pricing.baseAmount),
      delivery_amount: formatLira(pricing.deliveryAmount),
      services_amount: formatLira(pricing.servicesAmount),
      ...(commission > 0 ? { commission: formatLira(commission) } : {}),
      ...(discount > 0
        ? { discount_amount: formatLira(discount), coupon_code: `INDIRIM${random.int(10, 25)}` }
        : {}),
      vat: 20,
      est_amount: formatLira(estimate.estimatedPrice),
    },
    ...(serviceBodies.length > 0 ? { services: serviceBodies } : {}),
    routes,
    customers: [
      { customer_id: sender.customerId, customer_type: 'sender', has_invoice: sender.hasInvoice },
      ...(receiverCustomer
        ? [
            {
              customer_id: receiverCustomer.customerId,
              customer_type: 'receiver' as const,
              has_invoice: false,
            },
          ]
        : []),
    ],
    branches:
      orderType === 'delivery'
        ? [{ branch_id: senderBranch.branchId, route_type: 'origin' }]
        : [
            { branch_id: senderBranch.branchId, route_type: 'origin' },
            { branch_id: receiverBranch.branchId, route_type: 'destination' },
          ],
    loads: loads.map((load): LoadInput => load),
  };
  return {
    body,
    facts: {
      orderType,
      intercity: shape.intercity,
      sender,
      receiver: { name: receiverPerson.fullname ?? '', phone: receiverPerson.phone ?? '' },
      loads: loads.map((l) => ({ loadNo: l.load_no, loadType: l.load_type })),
      subTotal: pricing.subTotalAmount,
      total: pricing.totalAmount,
      paymentType,
      paymentMethod,
      departureDate,
      departureHour,
      arrivalDate,
      isDraft: shape.draft,
    },
  };
}

function coordinatesOf(at: Place): { latitude: number; longitude: number } {
  return { latitude: at.address.latitude ?? 0, longitude: at.address.longitude ?? 0 };
}
