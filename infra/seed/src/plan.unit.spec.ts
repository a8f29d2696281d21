import {
  assignDriverBody,
  cancelDeliveryBody,
  createDocBody,
  createExpenseBody,
  createIncomeBody,
  createInvoiceBody,
  createLoadBody,
  createLoadLogBody,
  createOfferBody,
  createOperationBody,
  createOrderBody,
  createPaymentBody,
  createWaybillBody,
  deliverLoadsBody,
  handoverBody,
  noticeLoadsBody,
  updateDocBody,
  updateDriverBody,
  updateLoadBody,
  updateOfferBody,
  updateOrderBody,
  updatePaymentBody,
} from '@orders/contracts';
import { isValidIdentityOrTaxNo, normalizeTurkishMobile, orderStatuses } from '@orders/domain';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { subResourceKinds } from './step.ts';
import { planOrder, type GeneratorOptions, type OrderPlan } from './plan.ts';
import { createWorld } from './world.ts';

const options: GeneratorOptions = { seed: 'unit', today: '2026-03-10', vigo: false };
const world = createWorld(options.seed);
const plans = (count: number, opts: GeneratorOptions = options, w = world): OrderPlan[] =>
  Array.from({ length: count }, (_, i) => planOrder(w, opts, i));

/** The contract schema of every route the seed calls (a body-less route maps to null). */
const schemaOf: Record<string, z.ZodType | null> = {
  'POST /v3/orders': createOrderBody,
  'PUT /v3/orders/:order_id': updateOrderBody,
  'GET /v3/orders/:order_id/cancel': null,
  'POST /v3/orders/:order_id/cancel-delivery': cancelDeliveryBody,
  'POST /v3/orders/:order_id/deliver-loads': deliverLoadsBody,
  'POST /v3/orders/:order_id/notice-loads': noticeLoadsBody,
  'POST /v3/orders/:order_no/handovers': handoverBody,
  'POST /v3/orders/:order_id/waybills': createWaybillBody,
  'POST /v3/orders/:order_id/expenses': createExpenseBody,
  'POST /v3/orders/:order_id/incomes': createIncomeBody,
  'POST /v3/orders/:order_id/loads': createLoadBody,
  'PUT /v3/orders/:order_id/loads/:order_load_id': updateLoadBody,
  'POST /v3/orders/:order_id/loads/:order_load_id/logs': createLoadLogBody,
  'POST /v3/orders/:order_id/operations': createOperationBody,
  'POST /v3/orders/:order_id/invoices': createInvoiceBody,
  'POST /v3/orders/:order_id/drivers': assignDriverBody,
  'PUT /v3/orders/:order_id/drivers/:user_id': updateDriverBody,
  'POST /v3/orders/:order_id/payments': createPaymentBody,
  'PUT /v3/orders/:order_id/payments/:order_payment_id': updatePaymentBody,
  'POST /v3/orders/:order_id/offers': createOfferBody,
  'PUT /v3/orders/:order_id/offers/:order_offer_id': updateOfferBody,
  'POST /v3/orders/:order_id/docs': createDocBody,
  'PUT /v3/orders/:order_id/docs/:order_doc_id': updateDocBody,
};

describe('the generator', () => {
  it('makes the same bodies from the same seed and day, whatever else was generated before', () => {
    const first = plans(60);
    const again = Array.from({ length: 60 }, (_, i) => 59 - i)
      .map((i) => planOrder(createWorld(options.seed), options, i))
      .toReversed();
    expect(again).toEqual(first);
  });

  it('makes other bodies from another seed', () => {
    const other = { ...options, seed: 'another' };
    const a = plans(20);
    const b = plans(20, other, createWorld(other.seed));
    const same = a.filter((plan, i) => JSON.stringify(plan.create) === JSON.stringify(b[i]!.create));
    expect(same).toHaveLength(0);
  });

  it('covers every status and every sub-resource within the first 14 orders', () => {
    const first = plans(orderStatuses.length);
    expect(new Set(first.map((p) => p.status))).toEqual(new Set(orderStatuses));
    expect(new Set(first.flatMap((p) => p.subResources))).toEqual(new Set(subResourceKinds));
    const routes = new Set(first.flatMap((p) => p.steps.map((s) => s.route)));
    for (const route of [
      'PUT /v3/orders/:order_id',
      'GET /v3/orders/:order_id/cancel',
      'POST /v3/orders/:order_id/cancel-delivery',
      'POST /v3/orders/:order_id/deliver-loads',
      'POST /v3/orders/:order_no/handovers',
    ]) {
      expect(routes, route).toContain(route);
    }
  });

  it('sends only bodies that the v3 contracts accept', () => {
    for (const plan of plans(1500)) {
      expect(createOrderBody.safeParse(plan.create).error).toBeUndefined();
      for (const step of plan.steps) {
        expect(Object.keys(schemaOf), step.route).toContain(step.route);
        const schema = schemaOf[step.route];
        // A body-less route gets no body; any other body passes its route's schema.
        const problem = schema === null ? step.body : schema!.safeParse(step.body).error;
        expect(problem, `${step.route} ${JSON.stringify(step.body)}`).toBeUndefined();
      }
    }
  });

  it('writes Turkish people and places: valid TCKN/VKN, +905 mobiles, İstanbul, Ankara and İzmir', () => {
    const cityOfPlate: Record<number, string> = { 34: 'İstanbul', 6: 'Ankara', 35: 'İzmir' };
    let identities = 0;
    for (const plan of plans(500)) {
      for (const route of plan.create.routes ?? []) {
        const address = route.address!;
        expect(Object.keys(cityOfPlate).map(Number)).toContain(address.city_id);
        expect(address.full_address).toMatch(
          new RegExp(`^.+ Mah\\. .+ \\d{5} [^/]+/${cityOfPlate[address.city_id!]}$`),
        );
        const who = route.person;
        if (!who) continue;
        expect(who.fullname).toMatch(/^[A-Za-zÇĞİÖŞÜçğıöşü]+( [A-Za-zÇĞİÖŞÜçğıöşü]+)+$/);
        expect(who.phone).toMatch(/^\+905\d{9}$/);
        expect(normalizeTurkishMobile(who.phone!)).toBe(who.phone);
        for (const number of [who.identity, who.company?.tax_no]) {
          if (number === undefined) continue;
          identities += 1;
          expect(isValidIdentityOrTaxNo(number), number).toBe(true);
        }
      }
    }
    expect(identities).toBeGreaterThan(100);
  });

  it('spreads the orders over the three cities and every status', () => {
    const many = plans(1000);
    const cities = new Set(many.map((p) => p.create.routes?.[0]?.address?.city_id));
    expect(cities).toEqual(new Set([34, 6, 35]));
    const delivered = many.filter((p) => p.status === 'delivered').length;
    expect(delivered).toBeGreaterThan(250);
    expect(delivered).toBeLessThan(450);
  });

  it('makes Vigo orders only with --vigo: same-city couriers left in created for the connector', () => {
    expect(plans(300).some((p) => p.vigo || p.create.third_party_channel !== undefined)).toBe(false);
    const withVigo = { ...options, vigo: true };
    const vigo = plans(600, withVigo).filter((p) => p.vigo);
    expect(vigo.length).toBeGreaterThan(10);
    for (const plan of vigo) {
      expect(plan.create.third_party_channel).toBe('vigo');
      expect(plan.status).toBe('created');
      expect(plan.steps).toEqual([]);
      expect(['motorbike', 'car', 'van']).toContain(plan.create.vehicle_type);
      const [origin, destination] = [plan.create.routes![0]!, plan.create.routes!.at(-1)!];
      expect(destination.route_type).toBe('destination');
      expect(origin.address!.city_id).toBe(destination.address!.city_id);
    }
    // Turning --vigo on changes only the orders it makes Vigo orders.
    const without = plans(600);
    const changed = plans(600, withVigo).filter((p, i) => JSON.stringify(p) !== JSON.stringify(without[i]));
    expect(changed.every((p) => p.vigo)).toBe(true);
    // The first 14 orders still cover every status with --vigo.
    expect(new Set(plans(14, withVigo).map((p) => p.status))).toEqual(new Set(orderStatuses));
  });
});
