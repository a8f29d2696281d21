// Seed data for the read models' tests and benchmarks: orders described plainly (SeedOrder),
// from which tests compute what a query must answer, and the same orders as the events the
// write side would have stored, appended in bulk with the event store's appendMany.
import { randomUUID } from 'node:crypto';
import {
  eventSchemaVersions,
  type Expense,
  type Income,
  type Invoice,
  type LoadInput,
  type OrderAttributes,
  type OrderEvent,
  type OrderStatus,
  type PaymentStatus,
  type Route,
} from '@orders/domain';
import type { AppendManyItem, EventStore, NewEvent } from '@orders/event-store';

/** A deterministic pseudo-random source (mulberry32). */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[int(4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  return { next, int, pick, uuid, chance: (p: number) => next() < p };
}
export type RandomSource = ReturnType<typeof randomSource>;

export const firstNames = [
  'Ali',
  'Ayşe',
  'İsmail',
  'Işıl',
  'Irmak',
  'İrem',
  'Çağrı',
  'Gökhan',
  'Şule',
  'Ümit',
  'Özge',
  'Mehmet',
  'Zeynep',
  'Emre',
  'Ilgaz',
  'Ömer',
  'Gülşen',
  'Barış',
  'Deniz',
  'Ece',
] as const;
export const lastNames = [
  'Yılmaz',
  'Kaya',
  'Demir',
  'Şahin',
  'Çelik',
  'Yıldız',
  'Öztürk',
  'Aydın',
  'Arslan',
  'Doğan',
  'Kılıç',
  'Işık',
  'Aslan',
  'Koç',
  'Kurt',
  'Özdemir',
  'Erdoğan',
  'Güneş',
  'Akın',
  'Tekin',
] as const;
export const districts = [
  'Kadıköy',
  'Beşiktaş',
  'Şişli',
  'Üsküdar',
  'Çankaya',
  'Karşıyaka',
  'Bornova',
  'Nilüfer',
  'Iğdır Merkez',
  'İzmit',
] as const;
export const companies = [
  'ABC Lojistik',
  'Işık Gıda',
  'İnci Tekstil',
  'Öz Çiçekçilik',
  'Umut Kargo',
] as const;

const statusPaths: Record<OrderStatus, OrderStatus[]> = {
  created: [],
  offering: ['offering'],
  pending: ['pending'],
  assigned: ['assigned'],
  'to-picking': ['assigned', 'to-picking'],
  picked: ['assigned', 'to-picking', 'picked'],
  'to-departure': ['assigned', 'to-picking', 'picked', 'to-departure'],
  'in-departure': ['assigned', 'to-picking', 'picked', 'to-departure', 'in-departure'],
  'to-arrival': ['assigned', 'to-picking', 'picked', 'to-departure', 'in-departure', 'to-arrival'],
  'in-arrival': [
    'assigned',
    'to-picking',
    'picked',
    'to-departure',
    'in-departure',
    'to-arrival',
    'in-arrival',
  ],
  handover: [
    'assigned',
    'to-picking',
    'picked',
    'to-departure',
    'in-departure',
    'to-arrival',
    'in-arrival',
    'handover',
  ],
  'on-delivery': ['assigned', 'to-picking', 'picked', 'on-delivery'],
  delivered: ['assigned', 'to-picking', 'picked', 'on-delivery', 'delivered'],
  cancelled: ['cancelled'],
};

export interface SeedPayment {
  paymentId: string;
  status: PaymentStatus;
  amount: number;
}

/** An order as the tests see it: what was created, changed and added, without any read-model logic. */
export interface SeedOrder {
  orderId: string;
  tenantId: string;
  orderNo: string;
  createdAt: string;
  createdBy: string;
  attributes: OrderAttributes;
  /** Applied after creation (OrderUpdated), one hour later. */
  update?: Partial<OrderAttributes>;
  loads: LoadInput[];
  status: OrderStatus;
  drivers: { userId: string; status: 'approved' | 'atandı' | 'completed' | 'rejected' }[];
  payments: SeedPayment[];
  invoices: Invoice[];
  incomes: Income[];
  expenses: Expense[];
  deleted: boolean;
}

/** The attributes after the update. */
export const finalAttributes = (o: SeedOrder): OrderAttributes => ({ ...o.attributes, ...o.update });

export interface SeedOptions {
  count: number;
  seed?: number;
  tenants?: readonly string[];
  /** First creation instant; orders follow `spacingMs` apart. */
  start?: string;
  spacingMs?: number;
  /** Pools of ids to draw from (small pools make filters match many orders). */
  customers?: readonly string[];
  branches?: readonly string[];
  users?: readonly string[];
  /** Make orders small (no loads, sub-resources or updates): bulk benchmarks. */
  lean?: boolean;
  /** The statuses drawn from (repeat one to make it likelier); every status by default. */
  statuses?: readonly OrderStatus[];
  orderNoStart?: number;
}

function person(r: RandomSource, withCompany: boolean): NonNullable<Route['person']> {
  const firstname = r.pick(firstNames);
  const lastname = r.pick(lastNames);
  const p: NonNullable<Route['person']> = {
    firstname,
    lastname,
    fullname: `${firstname} ${lastname}`,
    phone: `+905${String(300_000_000 + r.int(99_999_999)).padStart(9, '0')}`,
  };
  if (r.chance(0.3)) p.email = `${firstname.toLowerCase()}.${r.int(1000)}@example.com`;
  if (withCompany) p.company = { titleLegal: `${r.pick(companies)} A.Ş.`, companyType: 'anonymous' };
  return p;
}

function route(r: RandomSource, routeType: Route['routeType'], customerId: string | undefined): Route {
  const district = r.pick(districts);
  const out: Route = {
    routeType,
    address: {
      fullAddress: `${r.pick(['Atatürk', 'Cumhuriyet', 'İnönü', 'Gazi'])} Cad. No:${1 + r.int(200)} ${district}`,
      cityId: 34,
      ...(r.chance(0.2) ? { addressType: 'invoice' as const } : {}),
    },
    person: person(r, r.chance(0.25)),
  };
  if (customerId) out.includes = { customerId };
  return out;
}

const enumsOf = {
  orderType: ['delivery', 'logistic', 'cargo'],
  transportMode: ['complete', 'partial', 'standart', 'fast', 'pick'],
  transportType: ['land', 'air', 'sea'],
  contentType: ['document', 'eat', 'gift', 'food', 'flower', 'other'],
  vehicleType: ['car', 'truck', 'van', 'motorbike'],
  vehicleBody: ['open', 'frigo', 'steel'],
  uploadType: ['hand', 'crane', 'forklift-ramp'],
  containerType: ['standart20', 'high40'],
  penType: ['ld1', 'ld3'],
  shippingType: ['standart', 'express'],
  assignType: ['pool', 'auto'],
  paymentType: ['cash', 'receiver', 'prevailing', 'prepaid'],
  paymentMethod: ['online', 'cash', 'card', 'transfer'],
} as const;

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** `count` orders with varied fields, deterministic for a given seed. */
export function generateOrders(options: SeedOptions): SeedOrder[] {
  const r = randomSource(options.seed ?? 1);
  const tenants = options.tenants ?? ['tenant-a'];
  const customers = options.customers ?? Array.from({ length: 12 }, () => r.uuid());
  const branches = options.branches ?? Array.from({ length: 6 }, () => r.uuid());
  const users = options.users ?? Array.from({ length: 5 }, () => r.uuid());
  const start = Date.parse(options.start ?? '2025-01-01T06:00:00Z');
  const spacing = options.spacingMs ?? 3 * 3_600_000;
  const statuses = options.statuses ?? (Object.keys(statusPaths) as OrderStatus[]);
  const out: SeedOrder[] = [];
  for (let i = 0; i < options.count; i++) {
    const orderId = r.uuid();
    const createdAt = new Date(start + i * spacing).toISOString();
    const sender = r.pick(customers);
    const receiver = r.pick(customers);
    const invoiceSide = r.int(3); // 0 none, 1 sender, 2 receiver
    const base = r.chance(0.85) ? 5 * (2_000 + r.int(100_000)) : undefined;
    const departure = addDays(createdAt.slice(0, 10), r.int(5));
    const maybe = <K extends keyof typeof enumsOf>(key: K, p = 0.8) =>
      r.chance(p) ? { [key]: r.pick(enumsOf[key]) } : {};
    const routes: Route[] = [route(r, 'origin', sender), route(r, 'destination', receiver)];
    if (r.chance(0.2)) routes.push({ routeType: 'transfer', includes: { addressId: r.pick(branches) } });
    const attributes = {
      orderType: r.pick(enumsOf.orderType),
      ...maybe('transportMode'),
      ...maybe('transportType'),
      ...maybe('contentType'),
      ...maybe('vehicleType'),
      ...maybe('vehicleBody', 0.5),
      ...maybe('uploadType', 0.5),
      ...maybe('containerType', 0.3),
      ...maybe('penType', 0.3),
      ...maybe('shippingType'),
      ...maybe('assignType'),
      ...maybe('paymentType', 0.9),
      ...maybe('paymentMethod', 0.6),
      isSuborder: false,
      isDraft: false,
      ...(r.chance(0.3) ? { receiptNumber: `RC-${r.int(1_000_000)}` } : {}),
      ...(r.chance(0.3) ? { salesManagerId: r.pick(users) } : {}),
      dates: {
        departureDate: departure,
        ...(r.chance(0.8) ? { arrivalDate: addDays(departure, 1 + r.int(4)) } : {}),
      },
      ...(base !== undefined
        ? {
            pricing: {
              baseAmount: base,
              commission: 0,
              servicesAmount: 0,
              deliveryAmount: 0,
              discountAmount: 0,
              subTotalAmount: base,
              vat: 20,
              vatAmount: base / 5,
              totalAmount: base + base / 5,
            },
          }
        : {}),
      services: [],
      routes,
      customers: [
        { customerId: sender, customerType: 'sender' as const, hasInvoice: invoiceSide === 1 },
        ...(receiver !== sender
          ? [{ customerId: receiver, customerType: 'receiver' as const, hasInvoice: invoiceSide === 2 }]
          : []),
      ],
      branches: [
        { branchId: r.pick(branches), routeType: 'origin' as const, inBranch: false },
        ...(r.chance(0.8)
          ? [{ branchId: r.pick(branches), routeType: 'destination' as const, inBranch: false }]
          : []),
      ],
    } as OrderAttributes;
    const lean = options.lean === true;
    const orderNo = `ORD-${String((options.orderNoStart ?? 1) + i).padStart(7, '0')}`;
    const total = attributes.pricing?.totalAmount ?? 0;
    const payments: SeedPayment[] = [];
    if (!lean && total > 0 && r.chance(0.5)) {
      const full = r.chance(0.5);
      payments.push({ paymentId: r.uuid(), status: 'paid', amount: full ? total : Math.floor(total / 2) });
      if (r.chance(0.3)) payments.push({ paymentId: r.uuid(), status: 'pending', amount: 1000 });
    }
    const invoices: Invoice[] =
      !lean && r.chance(0.3)
        ? [
            {
              invoiceId: r.uuid(),
              issueDate: departure,
              quantity: 1,
              unitPrice: 10_000 + r.int(100_000),
              vat: 20,
              currency: 'TRY',
              invoicePlatform: 'parasut',
              ...(r.chance(0.5) ? { title: `${r.pick(companies)} Faturası` } : {}),
            },
          ]
        : [];
    const ledger = { unitType: 'piece', quantity: 1, vat: 20, holdingPrice: 0, currency: 'TRY' };
    const incomes: Income[] =
      !lean && r.chance(0.3)
        ? [
            {
              incomeId: r.uuid(),
              incomeType: 'freight',
              date: departure,
              pricing: { ...ledger, unitPrice: 5_000, vatPrice: 1_000, totalPrice: 6_000 },
              ...(r.chance(0.3) ? { customerId: r.pick(customers) } : {}),
            },
          ]
        : [];
    const expenses: Expense[] =
      !lean && r.chance(0.3)
        ? [
            {
              expenseId: r.uuid(),
              supplierId: r.uuid(),
              expenseType: 'freight',
              date: departure,
              pricing: { ...ledger, unitPrice: 2_000, vatPrice: 400, totalPrice: 2_400 },
            },
          ]
        : [];
    const status = r.pick(statuses);
    const drivers: SeedOrder['drivers'] =
      !lean && r.chance(0.5)
        ? [
            {
              userId: r.pick(users),
              status: r.pick(['approved', 'atandı', 'completed', 'rejected'] as const),
            },
          ]
        : [];
    const update: Partial<OrderAttributes> | undefined =
      !lean && r.chance(0.2)
        ? r.chance(0.5)
          ? { paymentType: r.pick(enumsOf.paymentType) }
          : { routes: [route(r, 'origin', sender), routes[1]!] }
        : undefined;
    out.push({
      orderId,
      tenantId: tenants[i % tenants.length]!,
      orderNo,
      createdAt,
      createdBy: r.pick(users),
      attributes,
      ...(update ? { update } : {}),
      loads: lean
        ? []
        : Array.from({ length: 1 + r.int(3) }, (_, k) => ({
            loadId: r.uuid(),
            loadNo: `${orderNo}-${String(k + 1).padStart(3, '0')}`,
            loadType: 'parcel' as const,
            quantity: 1,
            weight: 1 + r.int(30),
          })),
      status,
      drivers,
      payments,
      invoices,
      incomes,
      expenses,
      deleted: !lean && r.chance(0.05),
    });
  }
  return out;
}

/** The order's events as the write side stores them, in order, one hour apart after creation. */
export function seedEvents(o: SeedOrder): OrderEvent[] {
  const t0 = Date.parse(o.createdAt);
  let step = 0;
  const ctx = () => ({
    orderId: o.orderId,
    actorId: o.createdBy,
    at: new Date(t0 + 3_600_000 * step++).toISOString(),
  });
  const events: OrderEvent[] = [
    {
      type: 'OrderCreated',
      data: { ...ctx(), orderNo: o.orderNo, tenantId: o.tenantId, attributes: o.attributes },
    },
  ];
  for (const load of o.loads) events.push({ type: 'LoadCreated', data: { ...ctx(), load } });
  if (o.update) events.push({ type: 'OrderUpdated', data: { ...ctx(), changes: o.update } });
  let from: OrderStatus = 'created';
  for (const to of statusPaths[o.status]) {
    if (to === 'cancelled') events.push({ type: 'OrderCancelled', data: { ...ctx(), from } });
    else if (to === 'delivered') events.push({ type: 'OrderDelivered', data: { ...ctx(), from } });
    else if (to === 'handover')
      events.push({
        type: 'HandoverCreated',
        data: { ...ctx(), handoverId: `${o.orderId.slice(0, 8)}-h`, handoverReason: 'unreachable', from },
      });
    else events.push({ type: 'OrderStatusChanged', data: { ...ctx(), from, to } });
    from = to;
  }
  for (const d of o.drivers)
    events.push({
      type: 'DriverAssigned',
      data: { ...ctx(), driver: { userId: d.userId, driverStatus: d.status } },
    });
  for (const p of o.payments) {
    events.push({
      type: 'PaymentCreated',
      data: {
        ...ctx(),
        payment: {
          paymentId: p.paymentId,
          paymentMethod: 'transfer',
          paymentStatus: 'pending',
          currency: 'TRY',
          amount: p.amount,
        },
      },
    });
    if (p.status === 'paid')
      events.push({
        type: 'PaymentSucceeded',
        data: { ...ctx(), paymentId: p.paymentId, authCode: 'A1', referenceCode: 'R1', amount: p.amount },
      });
  }
  for (const invoice of o.invoices) events.push({ type: 'InvoiceCreated', data: { ...ctx(), invoice } });
  for (const income of o.incomes) events.push({ type: 'IncomeCreated', data: { ...ctx(), income } });
  for (const expense of o.expenses) events.push({ type: 'ExpenseCreated', data: { ...ctx(), expense } });
  if (o.deleted) events.push({ type: 'OrderDeleted', data: ctx() });
  return events;
}

/** An order event as a NewEvent with the metadata the write side records. */
export function toNewEvent(event: OrderEvent, tenantId: string, correlationId = randomUUID()): NewEvent {
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: eventSchemaVersions[event.type],
    data: event.data,
    metadata: {
      actor: event.data.actorId,
      tenantId,
      correlationId,
      causationId: correlationId,
      commandId: randomUUID(),
    },
  };
}

/** The appendMany item that writes an order's whole history as a new stream. */
export function seedItem(o: SeedOrder): AppendManyItem {
  const correlationId = randomUUID();
  return {
    streamId: `order-${o.orderId}`,
    streamType: 'order',
    tenantId: o.tenantId,
    expectedVersion: 'no_stream',
    events: seedEvents(o).map((e) => toNewEvent(e, o.tenantId, correlationId)),
  };
}

/** Appends every order's history with appendMany, `chunk` orders per transaction. */
export async function appendSeed(
  store: EventStore,
  orders: readonly SeedOrder[],
  chunk = 200,
): Promise<number> {
  let events = 0;
  for (let i = 0; i < orders.length; i += chunk) {
    const items = orders.slice(i, i + chunk).map(seedItem);
    events += items.reduce((n, item) => n + item.events.length, 0);
    await store.appendMany(items);
  }
  return events;
}
