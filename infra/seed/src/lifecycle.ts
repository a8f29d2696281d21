// The life of one demo order after its creation, as HTTP steps through order-api: offers, drivers,
// status moves, deliveries, handovers and cancellations, with the paperwork of each stage
// (payments, waybills, load logs, operations, expenses, incomes, invoices, documents).
import type {
  assignDriverBody,
  cancelDeliveryBody,
  createLoadBody,
  deliverLoadsBody,
  handoverBody,
  updateDocBody,
  updateDriverBody,
  updateLoadBody,
  updateOfferBody,
  updateOrderBody,
  updatePaymentBody,
} from '@orders/contracts';
import {
  canTransition,
  type DocType,
  type DriverStatus,
  type Kurus,
  type LoadActionType,
  type LoadStatus,
  type OrderStatus,
  type PaymentStatus,
} from '@orders/domain';
import { mobile } from './identity.ts';
import { addDays, loadDimensions, type OrderFacts, type PlannedLoad } from './order-body.ts';
import {
  docBody,
  expenseBody,
  incomeBody,
  invoiceBody,
  loadLogBody,
  noticeBody,
  offerBody,
  operationBody,
  paymentBody,
  waybillBody,
  type Body,
} from './paperwork.ts';
import { personName } from './people.ts';
import type { Random } from './random.ts';
import { subResourceIdParams, type Step, type SubResourceKind, type SubResourcePath } from './step.ts';
import { orderNotes } from './turkey.ts';
import type { World } from './world.ts';

/** How an order's life goes: where it stops, and which roads it takes to get there. */
export interface Walk {
  /** The status the order ends in. */
  target: OrderStatus;
  /** For a cancelled order: the status it is cancelled from. */
  cancelAt?: OrderStatus;
  /** Priced by offers (created → offering → approved → pending). */
  viaOffers: boolean;
  /**
   * Delivered and then the delivery cancelled: the order returns to its target (in-arrival,
   * on-delivery, handover); for a delivered target it is delivered a second time.
   */
  restore: boolean;
  /** Every optional stage activity happens (used to cover every sub-resource in small runs). */
  rich: boolean;
}

/** Statuses in the order a normal life passes them (for "is the stop still ahead"). */
const early: readonly OrderStatus[] = ['created', 'offering', 'pending', 'assigned'];

interface PlannedPayment {
  ref: string;
  amount: Kurus;
  status: PaymentStatus;
}

/** Builds the steps of one order's life while tracking the status each step leads to. */
export class Lifecycle {
  status: OrderStatus;
  readonly steps: Step[] = [];
  readonly kinds = new Set<SubResourceKind>();
  readonly #random: Random;
  readonly #world: World;
  readonly #facts: OrderFacts;
  readonly #walk: Walk;
  readonly #loads: PlannedLoad[];
  readonly #payments: PlannedPayment[] = [];
  #refs = 0;
  #driver: string | undefined;
  #statusBeforeDelivery: OrderStatus | undefined;
  #handedOver = false;
  #openOffers: string[] = [];
  readonly #done = new Set<string>();

  constructor(random: Random, world: World, facts: OrderFacts, walk: Walk, initial: OrderStatus) {
    this.#random = random;
    this.#world = world;
    this.#facts = facts;
    this.#walk = walk;
    this.#loads = [...facts.loads];
    this.status = initial;
  }

  /** Walks the order from its initial status to the walk's target. */
  run(): void {
    const { target, cancelAt, restore } = this.#walk;
    const stop = target === 'cancelled' ? cancelAt! : target;
    this.#atCreation();
    if (this.status === 'assigned') this.#assignDriver();
    for (let guard = 0; this.status !== stop; guard += 1) {
      if (guard > 20) throw new Error(`seed plan: no road from ${this.status} to ${stop}`);
      this.#advance(stop);
    }
    if (target === 'cancelled') {
      this.#cancel();
    } else if (restore && target === 'delivered') {
      this.#cancelDelivery();
      this.#deliver();
    } else if (restore) {
      this.#deliver();
      this.#cancelDelivery();
    }
  }

  // ---- chance, kept in one place so `rich` walks take every optional road -------------

  #maybe(p: number): boolean {
    // Always draw, so a rich walk and a plain one consume the same random numbers.
    const roll = this.#random.chance(p);
    return this.#walk.rich || roll;
  }

  #once(name: string): boolean {
    if (this.#done.has(name)) return false;
    this.#done.add(name);
    return true;
  }

  #ref(prefix: string): string {
    this.#refs += 1;
    return `${prefix}${this.#refs}`;
  }

  // ---- requests -------------------------------------------------------------------

  #push(step: Step): void {
    this.steps.push(step);
  }

  #create(
    kind: SubResourcePath,
    body: unknown,
    options: { userId?: string | undefined; ref?: string } = {},
  ): string {
    const ref = options.ref ?? this.#ref(kind);
    this.kinds.add(kind);
    this.#push({
      route: `POST /v3/orders/:order_id/${kind}`,
      method: 'POST',
      path: `/v3/orders/{order_id}/${kind}`,
      body,
      keep: { [ref]: subResourceIdParams[kind] },
      ...(options.userId ? { userId: options.userId } : {}),
    });
    return ref;
  }

  #update(kind: SubResourcePath, id: string, body: unknown, userId?: string): void {
    this.#push({
      route: `PUT /v3/orders/:order_id/${kind}/:${subResourceIdParams[kind]}`,
      method: 'PUT',
      path: `/v3/orders/{order_id}/${kind}/${id}`,
      body,
      ...(userId ? { userId } : {}),
    });
  }

  #putOrder(body: Body<typeof updateOrderBody>, userId?: string): void {
    this.#push({
      route: 'PUT /v3/orders/:order_id',
      method: 'PUT',
      path: '/v3/orders/{order_id}',
      body,
      ...(userId ? { userId } : {}),
    });
  }

  /** A plain move through the status table: PUT with `order_status`, by the driver or the office. */
  #move(to: OrderStatus, by: 'driver' | 'office' = 'driver'): void {
    if (!canTransition(this.status, to))
      throw new Error(`seed plan: ${this.status} → ${to} is not in the table`);
    this.#putOrder({ order_status: to }, by === 'driver' ? this.#driver : undefined);
    this.status = to;
  }

  // ---- the road ---------------------------------------------------------------------

  #advance(stop: OrderStatus): void {
    const random = this.#random;
    switch (this.status) {
      case 'created':
        if (this.#walk.viaOffers) return this.#offers();
        if (stop === 'pending' || random.chance(0.4)) return this.#move('pending', 'office');
        return this.#assignDriver();
      case 'pending':
        if (this.#walk.viaOffers && !this.#done.has('offers')) return this.#offers();
        return this.#assignDriver();
      case 'offering':
        return this.#approveOffer();
      case 'assigned':
        this.#move('to-picking');
        if (this.#maybe(0.6)) this.#operation('picking');
        return;
      case 'to-picking':
        this.#move('picked');
        this.#atPicked();
        return;
      case 'picked':
        return this.#move(this.#facts.intercity ? 'to-departure' : 'on-delivery');
      case 'to-departure':
        this.#move('in-departure');
        if (this.#maybe(0.5)) this.#operation('transport');
        return;
      case 'in-departure':
        return this.#move('to-arrival');
      case 'to-arrival':
        this.#move('in-arrival');
        this.#atArrival();
        return;
      case 'in-arrival': {
        if (stop === 'on-delivery') return random.chance(0.15) ? this.#handover() : this.#onDelivery();
        if (stop === 'handover') return this.#handover();
        const next = random.weighted({ 'on-delivery': 50, delivered: 35, handover: 15 });
        if (next === 'delivered') return this.#deliver();
        return next === 'handover' ? this.#handover() : this.#onDelivery();
      }
      case 'on-delivery':
        if (stop === 'handover') return this.#handover();
        return !this.#handedOver && random.chance(0.1) ? this.#handover() : this.#deliver();
      case 'handover':
        if (stop === 'on-delivery') return this.#onDelivery();
        return random.chance(0.3) ? this.#onDelivery() : this.#deliver();
      default:
        throw new Error(`seed plan: nothing to do from ${this.status} towards ${stop}`);
    }
  }

  #onDelivery(): void {
    this.#move('on-delivery');
    if (this.#maybe(0.5) && this.#once('delivery-operation')) this.#operation('delivery');
  }

  // ---- stages ---------------------------------------------------------------------

  /** Right after POST /v3/orders: the checkout payment, a late load, a corrected note. */
  #atCreation(): void {
    const { paymentType, paymentMethod, total } = this.#facts;
    if (paymentType === 'prepaid' && this.#maybe(0.9)) {
      const split = this.#random.chance(0.15) && paymentMethod === 'transfer';
      const first = split ? Math.round(total * 0.3) : total;
      for (const amount of split ? [first, total - first] : [total]) {
        const ref = this.#payment(paymentMethod, amount, 'pending');
        const outcome = this.#random.weighted({ paid: 60, failThenPaid: 10, later: 30 });
        if (outcome === 'failThenPaid') this.#paymentStatus(ref, 'fail');
        if (outcome !== 'later') this.#paymentStatus(ref, 'paid');
      }
    } else if (paymentType === 'prevailing' && this.#maybe(0.5)) {
      this.#payment('transfer', total, 'pending', addDays(this.#facts.departureDate, 30));
    }
    if (this.#maybe(0.08)) this.#extraLoad();
    if (this.#maybe(0.1)) this.#putOrder({ note: this.#random.pick(orderNotes) });
    if (this.#maybe(0.1)) this.#doc('other', 'Müşteri talimat formu');
  }

  /** Loaded on the vehicle: load logs per load, the e-waybill (e-İrsaliye). */
  #atPicked(): void {
    if (this.#maybe(0.7)) this.#loadLogs('loaded', 'load');
    if (this.#facts.orderType === 'delivery' ? this.#maybe(0.1) : this.#maybe(0.65)) {
      this.#create('waybills', waybillBody(this.#random, this.#facts));
    }
  }

  /** At the arrival branch: unloaded, sometimes a tutanak (notice) for a damaged or missing load. */
  #atArrival(): void {
    if (this.#maybe(0.6)) this.#loadLogs('unloaded', 'unload');
    if (this.#maybe(0.05)) {
      this.#push({
        route: 'POST /v3/orders/:order_id/notice-loads',
        method: 'POST',
        path: '/v3/orders/{order_id}/notice-loads',
        body: noticeBody(this.#random, this.#random.pick(this.#loads)),
        ...(this.#driver ? { userId: this.#driver } : {}),
      });
    }
  }

  /** Delivered: proof of delivery, payment collected, invoice, the ledger. */
  #atDelivered(): void {
    if (!this.#once('delivered')) return;
    const { paymentType, paymentMethod, total, sender } = this.#facts;
    if (this.#maybe(0.5)) this.#loadLogs('delivered', 'delivered');
    if (this.#maybe(0.6)) this.#doc('delivery', 'Teslim tutanağı', this.#driver);
    if (this.#driver && this.#maybe(0.5)) {
      this.#update('drivers', this.#driver, { driver_status: 'completed' } satisfies Body<
        typeof updateDriverBody
      >);
    }
    // Collected on delivery: cash or card at the door.
    if (
      (paymentType === 'cash' || paymentType === 'receiver') &&
      this.#paidTotal() === 0 &&
      this.#maybe(0.85)
    ) {
      this.#payment(paymentMethod, total, 'paid', undefined, this.#driver);
    }
    for (const payment of this.#payments) {
      if ((payment.status === 'pending' || payment.status === 'fail') && this.#random.chance(0.7)) {
        this.#paymentStatus(payment.ref, 'paid');
      }
    }
    if (sender.hasInvoice ? this.#maybe(0.75) : this.#maybe(0.1)) this.#invoice();
    if (this.#maybe(0.35)) this.#income();
    if (this.#maybe(0.15)) this.#expense('porterage');
  }

  // ---- moves with their own commands ----------------------------------------------

  #offers(): void {
    const count = this.#walk.rich ? 2 : this.#random.int(1, 3);
    const refs: string[] = [];
    let price = Math.round(this.#facts.total * (1.1 + this.#random.next() * 0.2));
    for (let i = 0; i < count; i += 1) {
      const next = Math.round(price * (0.9 + this.#random.next() * 0.08));
      const body = offerBody(this.#random, this.#world, next, price);
      refs.push(this.#create('offers', body));
      price = next;
    }
    this.#done.add('offers');
    this.#openOffers = refs;
    this.status = 'offering';
    if (refs.length > 1 && this.#random.chance(0.3)) {
      this.#update('offers', `{ref:${refs.shift()}}`, {
        offer_status: 'rejected',
      } satisfies Body<typeof updateOfferBody>);
    }
  }

  /** Approving an open offer rejects the others and moves offering → pending. */
  #approveOffer(): void {
    const ref = this.#random.pick(this.#openOffers);
    this.#update('offers', `{ref:${ref}}`, { offer_status: 'approved' } satisfies Body<
      typeof updateOfferBody
    >);
    this.status = 'pending';
  }

  /** A driver becoming active moves created / offering / pending to assigned. */
  #assignDriver(): void {
    const [first, second] = this.#random.sample(this.#world.drivers, 2) as [string, string];
    const assign = (userId: string, driverStatus: DriverStatus) =>
      this.#create(
        'drivers',
        { user_id: userId, driver_status: driverStatus } satisfies Body<typeof assignDriverBody>,
        {
          ref: `driver:${userId}`,
        },
      );
    if (this.status === 'assigned') {
      assign(first, 'approved');
    } else if (this.#random.chance(0.1)) {
      // The first driver accepts, then drops out: the order goes back to pending until the next one.
      assign(first, 'atandı');
      this.#update(
        'drivers',
        first,
        { driver_status: 'rejected' } satisfies Body<typeof updateDriverBody>,
        first,
      );
      assign(second, 'approved');
      this.#driver = second;
    } else if (this.#random.chance(0.15)) {
      this.#move('assigned', 'office');
      assign(first, 'approved');
    } else {
      assign(first, this.#random.chance(0.5) ? 'approved' : 'atandı');
    }
    this.#driver ??= first;
    this.status = 'assigned';
    if (this.#maybe(0.25) && this.#once('driver-docs')) {
      for (const docType of ['driving-licence-front', 'driving-licence-back', 'src-front'] as const) {
        this.#doc(docType, undefined, this.#driver);
      }
    }
    if (this.#maybe(0.4)) this.#expense('freight');
  }

  #handover(): void {
    const body: Body<typeof handoverBody> = {
      handover_reason: this.#random.weighted({ unreachable: 50, away: 35, other: 15 }),
    };
    this.#push({
      route: 'POST /v3/orders/:order_no/handovers',
      method: 'POST',
      path: '/v3/orders/{order_no}/handovers',
      body,
      ...(this.#driver ? { userId: this.#driver } : {}),
    });
    this.#handedOver = true;
    this.status = 'handover';
  }

  #deliver(): void {
    const loadNos = this.#loads.map((l) => l.loadNo);
    this.#statusBeforeDelivery = this.status;
    if (this.#random.chance(0.1)) {
      this.#move('delivered'); // delivers every load still undelivered
    } else {
      const recipient = this.#random.chance(0.8)
        ? this.#facts.receiver
        : (() => {
            const { firstname, lastname } = personName(this.#random);
            return { name: `${firstname} ${lastname}`, phone: mobile(this.#random) };
          })();
      const batches =
        loadNos.length > 1 && this.#random.chance(0.2)
          ? [loadNos.slice(0, Math.ceil(loadNos.length / 2)), loadNos.slice(Math.ceil(loadNos.length / 2))]
          : [loadNos];
      for (const loads of batches) {
        const body: Body<typeof deliverLoadsBody> = {
          loads,
          recipient_name: recipient.name,
          recipient_phone: recipient.phone,
        };
        this.#push({
          route: 'POST /v3/orders/:order_id/deliver-loads',
          method: 'POST',
          path: '/v3/orders/{order_id}/deliver-loads',
          body,
          ...(this.#driver ? { userId: this.#driver } : {}),
        });
      }
      this.status = 'delivered';
    }
    this.#atDelivered();
  }

  #cancelDelivery(): void {
    const body: Body<typeof cancelDeliveryBody> = {
      cancel_reason: this.#random.pick([
        'Alıcı teslimatı reddetti',
        'Yanlış adrese teslim edildi',
        'Teslimat yanlışlıkla onaylandı',
      ]),
    };
    this.#push({
      route: 'POST /v3/orders/:order_id/cancel-delivery',
      method: 'POST',
      path: '/v3/orders/{order_id}/cancel-delivery',
      body,
    });
    this.status = this.#statusBeforeDelivery ?? 'on-delivery';
  }

  #cancel(): void {
    this.#push({
      route: 'GET /v3/orders/:order_id/cancel',
      method: 'GET',
      path: '/v3/orders/{order_id}/cancel',
    });
    this.status = 'cancelled';
    // Refunds: a paid payment is voided, an open one cancelled.
    for (const payment of this.#payments) {
      if (payment.status !== 'cancelled') this.#paymentStatus(payment.ref, 'cancelled');
    }
    if (this.#maybe(0.2)) this.#doc('other', 'İptal dilekçesi');
  }

  // ---- sub-resources --------------------------------------------------------------

  #extraLoad(): void {
    if (!['created', 'pending', 'assigned', 'offering'].includes(this.status)) return;
    const load = {
      load_no: `YK${this.#random.digits(10)}`,
      ...loadDimensions(this.#random, this.#facts.orderType),
    };
    if (this.#loads.some((l) => l.loadNo === load.load_no)) return;
    const ref = this.#create('loads', load satisfies Body<typeof createLoadBody>, {
      ref: `load:${load.load_no}`,
    });
    this.#loads.push({ loadNo: load.load_no, loadType: load.load_type });
    if (this.#maybe(0.5)) {
      this.#update('loads', `{ref:${ref}}`, {
        weight: Math.round(load.weight * 1.1 * 10) / 10,
      } satisfies Body<typeof updateLoadBody>);
    }
  }

  /** One log per load (every load is scanned at each stage). */
  #loadLogs(loadStatus: LoadStatus, action: LoadActionType): void {
    const legId = this.#facts.intercity && this.#random.chance(0.5) ? this.#random.uuid() : undefined;
    this.kinds.add('load-logs');
    for (const load of this.#loads) {
      this.#push({
        route: 'POST /v3/orders/:order_id/loads/:order_load_id/logs',
        method: 'POST',
        path: `/v3/orders/{order_id}/loads/{ref:load:${load.loadNo}}/logs`,
        body: loadLogBody(load, loadStatus, action, legId),
        ...(this.#driver ? { userId: this.#driver } : {}),
      });
    }
  }

  #operation(operationType: 'picking' | 'transport' | 'delivery'): void {
    this.#create('operations', operationBody(this.#random, this.#world, operationType, this.#driver));
  }

  #payment(
    method: OrderFacts['paymentMethod'],
    amount: Kurus,
    status: PaymentStatus,
    dueDate = this.#facts.departureDate,
    userId?: string,
  ): string {
    const body = paymentBody(this.#random, method, amount, status, dueDate);
    const ref = this.#create('payments', body, { userId });
    this.#payments.push({ ref, amount, status });
    return ref;
  }

  #paymentStatus(ref: string, status: PaymentStatus): void {
    this.#update('payments', `{ref:${ref}}`, { payment_status: status } satisfies Body<
      typeof updatePaymentBody
    >);
    const payment = this.#payments.find((p) => p.ref === ref)!;
    payment.status = status;
  }

  #paidTotal(): Kurus {
    return this.#payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amount, 0);
  }

  #doc(docType: DocType, title?: string, userId?: string): void {
    const ref = this.#create('docs', docBody(docType, title, userId !== undefined), { userId });
    const review = this.#random.weighted({ approved: 50, rejected: 10, none: 40 });
    if (review !== 'none') {
      this.#update('docs', `{ref:${ref}}`, { doc_status: review } satisfies Body<typeof updateDocBody>);
    }
  }

  #invoice(): void {
    this.#create('invoices', invoiceBody(this.#random, this.#facts));
  }

  #expense(expenseType: 'freight' | 'porterage'): void {
    this.#create('expenses', expenseBody(this.#random, this.#world, this.#facts, expenseType));
  }

  #income(): void {
    this.#create('incomes', incomeBody(this.#random, this.#facts));
  }
}

/** True when `stop` is reached before the order is assigned (no driver is needed). */
export function isEarly(status: OrderStatus): boolean {
  return early.includes(status);
}
