import type { CreateOrderBody, UpdateOrderBody, loadBody } from '@orders/contracts';
import type {
  CommandContext,
  CreateOrder,
  Load,
  LoadInput,
  Order,
  OrderAttributesInput,
  UpdateOrder,
} from '@orders/domain';
import type { z } from 'zod';
import { camelize, snakify } from './case.ts';
import { defined, lira } from './money.ts';
import {
  loadPricingIn,
  loadPricingOut,
  orderPricingIn,
  orderPricingOut,
  servicePricingIn,
  servicePricingOut,
} from './pricing.ts';

type LoadBody = z.output<typeof loadBody>;
type OrderFieldsBody = Omit<UpdateOrderBody, 'order_status' | 'loads'>;

/** Ids the API chooses for new loads (uuid) and their numbers when the body leaves `load_no` out. */
export interface LoadIdentity {
  newId(): string;
  defaultLoadNo(index: number): string;
}

export function loadIn(body: LoadBody, loadId: string, loadNo: string, path: string): LoadInput {
  return defined({
    loadId,
    loadType: body.load_type,
    loadNo,
    height: body.height,
    width: body.width,
    length: body.length,
    weight: body.weight,
    quantity: body.quantity,
    stackable: body.stackable,
    density: body.density,
    pricing: body.pricing ? loadPricingIn(body.pricing, `${path}.pricing`) : undefined,
  });
}

function loadsIn(loads: LoadBody[], ids: LoadIdentity, existing: readonly Load[] = []): LoadInput[] {
  return loads.map((load, index) => {
    const loadNo = load.load_no ?? ids.defaultLoadNo(index);
    // Updating the loads keeps the id (and so the delivery marks and logs) of a load_no that stays.
    const kept = existing.find((l) => l.loadNo === loadNo);
    return loadIn(load, kept?.loadId ?? ids.newId(), loadNo, `loads[${index}]`);
  });
}

function attributesIn(body: OrderFieldsBody): Partial<OrderAttributesInput> {
  const { pricing, services, routes, customers, branches, dates, ...scalars } = body;
  return defined({
    ...camelize(scalars),
    dates: dates ? camelize(dates) : undefined,
    pricing: pricing ? orderPricingIn(pricing) : undefined,
    services: services?.map((s, i) =>
      defined({
        serviceType: s.service_type,
        pricing: servicePricingIn(s.pricing, `services[${i}].pricing`),
      }),
    ),
    routes: routes ? camelize(routes) : undefined,
    customers: customers ? camelize(customers) : undefined,
    branches: branches ? camelize(branches) : undefined,
  });
}

/** POST /v3/orders → CreateOrder. */
export function createOrderIn(
  body: CreateOrderBody,
  context: CommandContext,
  orderNo: string,
  ids: LoadIdentity,
): CreateOrder {
  const { order_status, loads, order_type, ...rest } = body;
  return {
    type: 'CreateOrder',
    ...context,
    orderNo,
    ...attributesIn(rest),
    orderType: order_type,
    ...defined({ orderStatus: order_status, loads: loads ? loadsIn(loads, ids) : undefined }),
  };
}

/** PUT /v3/orders/:order_id → UpdateOrder (only the fields sent). */
export function updateOrderIn(
  body: UpdateOrderBody,
  context: CommandContext,
  current: Order,
  ids: LoadIdentity,
): UpdateOrder {
  const { order_status, loads, ...rest } = body;
  return {
    type: 'UpdateOrder',
    ...context,
    ...attributesIn(rest),
    ...defined({ orderStatus: order_status, loads: loads ? loadsIn(loads, ids, current.loads) : undefined }),
  };
}

export function loadOut(load: Load) {
  const { pricing, loadId, delivery, ...fields } = load;
  return {
    order_load_id: loadId,
    ...snakify(fields),
    pricing: pricing ? loadPricingOut(pricing) : null,
    delivery: delivery ? snakify(delivery) : null,
  };
}

/** The order details answer: every field, with routes, loads, customers, branches and pricing. */
export function orderOut(order: Order, version: bigint) {
  return {
    order_id: order.orderId,
    order_no: order.orderNo,
    order_status: order.status,
    version: Number(version),
    order_type: order.orderType,
    ...snakify({
      transportMode: order.transportMode,
      transportType: order.transportType,
      contentType: order.contentType,
      vehicleType: order.vehicleType,
      vehicleBody: order.vehicleBody,
      uploadType: order.uploadType,
      containerType: order.containerType,
      penType: order.penType,
      shippingType: order.shippingType,
      assignType: order.assignType,
      thirdPartyChannel: order.thirdPartyChannel,
      vehicleQuantity: order.vehicleQuantity,
      note: order.note,
      isSuborder: order.isSuborder,
      prevOrderId: order.prevOrderId,
      isDraft: order.isDraft,
      distance: order.distance,
      salesManagerId: order.salesManagerId,
      operationManagerId: order.operationManagerId,
      receiptNumber: order.receiptNumber,
      sendSmsToSender: order.sendSmsToSender,
      sendSmsToReceiver: order.sendSmsToReceiver,
      paymentType: order.paymentType,
      paymentMethod: order.paymentMethod,
      dates: order.dates,
    }),
    pricing: order.pricing ? orderPricingOut(order.pricing) : null,
    services: order.services.map((s) => ({
      service_type: s.serviceType,
      pricing: s.pricing ? servicePricingOut(s.pricing) : null,
    })),
    routes: snakify(order.routes),
    customers: snakify(order.customers),
    branches: snakify(order.branches),
    loads: order.loads.map(loadOut),
    delivery: order.delivery ? snakify(order.delivery) : null,
    approved_offer: order.approvedOffer
      ? { order_offer_id: order.approvedOffer.offerId, price: lira(order.approvedOffer.price) }
      : null,
    status_before_delivery: order.statusBeforeDelivery,
    notices: snakify(order.notices),
    handovers: snakify(order.handovers),
    created_at: order.createdAt,
    created_by: order.createdBy,
    updated_at: order.updatedAt,
    updated_by: order.updatedBy,
    cancelled_at: order.cancelledAt,
  };
}
