import type { z } from 'zod';
import type {
  ledgerPricingBody,
  loadPricingBody,
  orderPricingBody,
  servicePricingBody,
} from '@orders/contracts';
import {
  computeLedgerPricing,
  computeLoadPricing,
  computeOrderPricing,
  computeServicePricing,
  type LedgerPricing,
  type LoadPricing,
  type OrderPricing,
  type ServicePricing,
} from '@orders/domain';
import { defined, kurus, lira, liraText, optionalKurus, rate } from './money.ts';

// Pricing blocks: lira on the wire, kuruş in the domain. The derived amounts a client leaves
// out are computed; the ones it sends are kept, and the domain refuses a block whose numbers
// disagree, naming the field.

export function orderPricingIn(body: z.output<typeof orderPricingBody>, path = 'pricing'): OrderPricing {
  const p = (field: keyof typeof body) => `${path}.${field}`;
  const parts = defined({
    baseAmount: kurus(body.base_amount, p('base_amount')),
    commission: optionalKurus(body.commission, p('commission')),
    servicesAmount: optionalKurus(body.services_amount, p('services_amount')),
    deliveryAmount: optionalKurus(body.delivery_amount, p('delivery_amount')),
    discountAmount: optionalKurus(body.discount_amount, p('discount_amount')),
    couponCode: body.coupon_code,
    vat: rate(body.vat),
    estAmount: optionalKurus(body.est_amount, p('est_amount')),
    holdingAmount: optionalKurus(body.holding_amount, p('holding_amount')),
  });
  return {
    ...computeOrderPricing(parts),
    ...defined({
      subTotalAmount: optionalKurus(body.sub_total_amount, p('sub_total_amount')),
      vatAmount: optionalKurus(body.vat_amount, p('vat_amount')),
      totalAmount: optionalKurus(body.total_amount, p('total_amount')),
    }),
  };
}

export function orderPricingOut(pricing: OrderPricing) {
  return defined({
    base_amount: lira(pricing.baseAmount),
    commission: lira(pricing.commission),
    services_amount: lira(pricing.servicesAmount),
    delivery_amount: lira(pricing.deliveryAmount),
    discount_amount: lira(pricing.discountAmount),
    coupon_code: pricing.couponCode,
    sub_total_amount: lira(pricing.subTotalAmount),
    vat: pricing.vat,
    vat_amount: lira(pricing.vatAmount),
    total_amount: lira(pricing.totalAmount),
    est_amount: pricing.estAmount === undefined ? undefined : lira(pricing.estAmount),
    holding_amount: pricing.holdingAmount === undefined ? undefined : lira(pricing.holdingAmount),
  });
}

export function servicePricingIn(body: z.output<typeof servicePricingBody>, path: string): ServicePricing {
  return {
    ...computeServicePricing({
      baseAmount: kurus(body.base_amount, `${path}.base_amount`),
      quantity: body.quantity,
      vat: rate(body.vat),
    }),
    ...defined({
      vatAmount: optionalKurus(body.vat_amount, `${path}.vat_amount`),
      totalAmount: optionalKurus(body.total_amount, `${path}.total_amount`),
    }),
  };
}

export const servicePricingOut = (pricing: ServicePricing) => ({
  base_amount: lira(pricing.baseAmount),
  vat: pricing.vat,
  vat_amount: lira(pricing.vatAmount),
  total_amount: lira(pricing.totalAmount),
  quantity: pricing.quantity,
});

export function loadPricingIn(body: z.output<typeof loadPricingBody>, path: string): LoadPricing {
  return {
    ...computeLoadPricing({
      baseAmount: kurus(body.base_amount, `${path}.base_amount`),
      postalServiceAmount: kurus(body.postal_service_amount ?? 0, `${path}.postal_service_amount`),
      vat: rate(body.vat),
    }),
    ...defined({
      subTotalAmount: optionalKurus(body.sub_total_amount, `${path}.sub_total_amount`),
      vatAmount: optionalKurus(body.vat_amount, `${path}.vat_amount`),
      totalAmount: optionalKurus(body.total_amount, `${path}.total_amount`),
    }),
  };
}

export const loadPricingOut = (pricing: LoadPricing) => ({
  base_amount: lira(pricing.baseAmount),
  postal_service_amount: lira(pricing.postalServiceAmount),
  sub_total_amount: lira(pricing.subTotalAmount),
  vat: pricing.vat,
  vat_amount: lira(pricing.vatAmount),
  total_amount: lira(pricing.totalAmount),
});

/** Expense and income pricing: the derived prices are computed when left out, checked when sent. */
export function ledgerPricingIn(body: z.output<typeof ledgerPricingBody>, path = 'pricing'): LedgerPricing {
  const computed = computeLedgerPricing(
    defined({
      unitType: body.unit_type,
      quantity: body.quantity,
      unitPrice: kurus(body.unit_price, `${path}.unit_price`),
      vat: rate(body.vat),
      holdingPrice: optionalKurus(body.holding_price, `${path}.holding_price`),
      currency: body.currency,
    }),
  );
  return {
    ...computed,
    ...defined({
      vatPrice: optionalKurus(body.vat_price, `${path}.vat_price`),
      totalPrice: optionalKurus(body.total_price, `${path}.total_price`),
    }),
  };
}

export const ledgerPricingOut = (pricing: LedgerPricing) =>
  defined({
    unit_type: pricing.unitType,
    quantity: pricing.quantity,
    unit_price: liraText(pricing.unitPrice),
    vat: String(pricing.vat),
    total_price: liraText(pricing.totalPrice),
    vat_price: liraText(pricing.vatPrice),
    holding_price: liraText(pricing.holdingPrice ?? 0),
    currency: pricing.currency,
  });
