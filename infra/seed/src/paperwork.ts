// The bodies of the sub-resources an order collects on its way (v3 wire shape, snake_case).
import type {
  createDocBody,
  createExpenseBody,
  createIncomeBody,
  createInvoiceBody,
  createLoadLogBody,
  createOfferBody,
  createOperationBody,
  createPaymentBody,
  createWaybillBody,
  noticeLoadsBody,
} from '@orders/contracts';
import {
  formatLira,
  type DocType,
  type Kurus,
  type LoadActionType,
  type LoadStatus,
  type PaymentMethod,
  type PaymentStatus,
} from '@orders/domain';
import type { z } from 'zod';
import { cardNumber } from './identity.ts';
import { addDays, type OrderFacts, type PlannedLoad } from './order-body.ts';
import { personName } from './people.ts';
import type { Random } from './random.ts';
import type { World } from './world.ts';

export type Body<S extends z.ZodType> = z.input<S>;

/** The e-waybill (e-İrsaliye) of the departure: `IRS2026000012345`. */
export function waybillBody(random: Random, facts: OrderFacts): Body<typeof createWaybillBody> {
  return {
    serial_no: 'IRS',
    sequence_no: `IRS${facts.departureDate.slice(0, 4)}${random.digits(9)}`,
    waybill_type: facts.orderType === 'logistic' ? 'transportation' : 'shipment',
    shipment_date: facts.departureDate,
    shipment_hour: facts.departureHour,
    currency: 'TRY',
    amount: formatLira(facts.subTotal),
  };
}

/** A tutanak for a damaged or missing load. */
export function noticeBody(random: Random, load: PlannedLoad): Body<typeof noticeLoadsBody> {
  return {
    loads: [load.loadNo],
    notice_reason: random.weighted({ damaged: 60, missing: 20, wrong: 10, confused: 10 }),
    description: random.pick([
      'Koli köşesi ezik, içerik kontrol edildi',
      'Ambalaj yırtık, tutanak tutuldu',
      'Sayımda eksik çıktı, gönderici bilgilendirildi',
    ]),
  };
}

/** A carrier's price offer (sender side) to the office (receiver side). */
export function offerBody(
  random: Random,
  world: World,
  price: Kurus,
  prevPrice: Kurus,
): Body<typeof createOfferBody> {
  const carrier = random.pick(world.suppliers);
  return {
    price: formatLira(price),
    prev_price: formatLira(prevPrice),
    users: [
      { user_id: carrier, user_type: 'supplier', side: 'sender' },
      { user_id: random.pick(world.operators), user_type: 'admin', side: 'receiver' },
    ],
  };
}

export function loadLogBody(
  load: PlannedLoad,
  loadStatus: LoadStatus,
  action: LoadActionType,
  legId: string | undefined,
): Body<typeof createLoadLogBody> {
  return {
    load_no: load.loadNo,
    load_type: load.loadType,
    load_status: loadStatus,
    load_action_type: action,
    ...(legId ? { leg_id: legId } : {}),
  };
}

/** Picking, transport or delivery work, by our own vehicle or a subcontractor's. */
export function operationBody(
  random: Random,
  world: World,
  operationType: 'picking' | 'transport' | 'delivery',
  driver: string | undefined,
): Body<typeof createOperationBody> {
  const outsourced = random.chance(0.3);
  return {
    operation_type: operationType,
    source_type: outsourced ? 'outsource' : 'insource',
    vehicle_id: random.pick(world.vehicles),
    ...(driver ? { user_id: driver } : {}),
    ...(outsourced ? { supplier_id: random.pick(world.suppliers) } : {}),
  };
}

/** A payment; card payments carry the card, which the API passes to the POS and never stores. */
export function paymentBody(
  random: Random,
  method: PaymentMethod,
  amount: Kurus,
  status: PaymentStatus,
  dueDate: string,
): Body<typeof createPaymentBody> {
  const holder = personName(random);
  return {
    payment_method: method,
    amount: formatLira(amount),
    due_date: dueDate,
    payment_status: status,
    ...(method === 'card'
      ? {
          card: {
            holder: `${holder.firstname} ${holder.lastname}`.toLocaleUpperCase('tr'),
            number: cardNumber(random),
            expire_year: String(2027 + random.int(0, 4)),
            expire_month: String(random.int(1, 12)).padStart(2, '0'),
            code: random.digits(3),
          },
        }
      : {}),
  };
}

const docTitles: Partial<Record<DocType, string>> = {
  'driving-licence-front': 'Sürücü belgesi (ön yüz)',
  'driving-licence-back': 'Sürücü belgesi (arka yüz)',
  'src-front': 'SRC belgesi',
  delivery: 'Teslim tutanağı',
  other: 'Diğer belge',
};

export function docBody(
  docType: DocType,
  title: string | undefined,
  forDriver: boolean,
): Body<typeof createDocBody> {
  return {
    doc_type: docType,
    title: title ?? docTitles[docType] ?? docType,
    user_types: forDriver ? ['admin', 'driver'] : ['admin'],
  };
}

/** The freight invoice, issued on arrival, due in 30 days. */
export function invoiceBody(random: Random, facts: OrderFacts): Body<typeof createInvoiceBody> {
  const issueDate = facts.arrivalDate;
  return {
    issue_date: issueDate,
    due_date: addDays(issueDate, 30),
    quantity: 1,
    unit_price: formatLira(facts.subTotal),
    vat: 20,
    title: 'Taşıma hizmet bedeli',
    description: `${facts.sender.place.city.name} çıkışlı ${facts.loads.length} parça gönderi`,
    invoice_series: random.pick(['GIB', 'EFT', 'ARF']),
    invoice_sequence: `${issueDate.slice(0, 4)}${random.digits(9)}`,
    currency: 'TRY',
    invoice_platform: random.weighted({ parasut: 70, arf: 30 }),
  };
}

/** A subcontractor's freight (most of the order's net price) or porterage by the hour. */
export function expenseBody(
  random: Random,
  world: World,
  facts: OrderFacts,
  expenseType: 'freight' | 'porterage',
): Body<typeof createExpenseBody> {
  const unitPrice =
    expenseType === 'freight'
      ? Math.round(facts.subTotal * (0.55 + random.next() * 0.2))
      : random.int(150, 600) * 100;
  return {
    supplier_id: random.pick(world.suppliers),
    expense_type: expenseType,
    description: expenseType === 'freight' ? 'Taşeron nakliye bedeli' : 'Hammaliye (yükleme/boşaltma)',
    date: facts.departureDate,
    pricing: {
      unit_type: expenseType === 'freight' ? 'sefer' : 'saat',
      quantity: expenseType === 'freight' ? 1 : random.int(1, 4),
      unit_price: formatLira(unitPrice),
      vat: 20,
      currency: 'TRY',
    },
  };
}

/** The freight income from the sender. */
export function incomeBody(random: Random, facts: OrderFacts): Body<typeof createIncomeBody> {
  return {
    customer_id: facts.sender.customerId,
    income_type: random.weighted({ freight: 70, transport: 20, spot: 10 }),
    description: 'Navlun geliri',
    date: facts.arrivalDate,
    pricing: { unit_type: 'sefer', quantity: 1, unit_price: formatLira(facts.subTotal), vat: 20 },
  };
}
