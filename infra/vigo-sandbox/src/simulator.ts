import type { Logger } from '@orders/service-kit';
import type { CallbackDispatcher } from './callbacks.ts';
import type { SandboxSettings } from './config.ts';
import type { Location } from './contract.ts';
import { canMove, nextState, pathTo, type WalkFacts } from './lifecycle.ts';
import type { OrderRecord, PickupPointRecord, Store } from './store.ts';
import { formatVigoDate } from './time.ts';
import type { OrderState, OrderStateCallback, PickupPointStateCallback, StepState } from './contract.ts';

export interface Simulator {
  /** A new order: starts walking at once when autoAdvance is `immediately`. */
  created(order: OrderRecord): void;
  /** `PUT /order/prepared`: starts walking when autoAdvance is `onPrepared`. */
  prepared(order: OrderRecord): void;
  /** Enters one state (which must be an allowed move), sends its callback, schedules the next step. */
  move(order: OrderRecord, to: OrderState, description?: string): void;
  /** Brings the order to `target` (or one step when absent); the states entered, or null when unreachable. */
  advance(order: OrderRecord, target?: OrderState): OrderState[] | null;
  /** A pickup point's onboardingStatus changed: callback, then its waiting orders move on (or are cancelled). */
  pickupPointChanged(point: PickupPointRecord): void;
  stepStates(order: OrderRecord): StepState[];
  /** Stops every scheduled step. */
  stop(): void;
}

export interface SimulatorDeps {
  settings: SandboxSettings;
  store: Store;
  callbacks: CallbackDispatcher;
  logger: Logger;
}

function facts(order: OrderRecord): WalkFacts {
  return {
    state: order.state,
    history: order.steps.map((s) => s.state),
    hasReturns: order.request.products.some((p) => p.return === true),
  };
}

function between(from: Location, to: Location, share: number): Location {
  return {
    latitude: from.latitude + (to.latitude - from.latitude) * share,
    longitude: from.longitude + (to.longitude - from.longitude) * share,
  };
}

/** Where the courier is once the order enters `state`; undefined keeps the last position. */
function courierLocationFor(order: OrderRecord, state: OrderState): Location | null | undefined {
  const pickup = order.pickupLocation;
  const receiver = order.receiverLocation;
  switch (state) {
    case 'waiting':
    case 'inQueue':
      return null;
    case 'onTheWayForPickUp':
      // starts a little away from the pickup point, on the far side from the receiver
      return between(receiver, pickup, 1.25);
    case 'onPickUpAddress':
    case 'returned':
      return pickup;
    case 'onDelivery':
    case 'returning':
      return between(pickup, receiver, 0.5);
    case 'onDeliveryAddress':
    case 'delivered':
      return receiver;
    case 'transferred':
    case 'cancelled':
      return undefined;
  }
}

/** Walks orders through the delivery states on a timer and reports every step by callback. */
export function createSimulator(deps: SimulatorDeps): Simulator {
  const { settings, store, callbacks, logger } = deps;
  const timers = new Map<string, NodeJS.Timeout>();
  let couriers = 0;

  const stepStates = (order: OrderRecord): StepState[] =>
    order.steps.map((s) => ({ state: s.state, date: formatVigoDate(s.at, settings.timeZone) }));

  function newCourier() {
    couriers += 1;
    return {
      id: store.newId(),
      name: `Sandbox Kurye ${couriers}`,
      phone: `0500${String(couriers).padStart(7, '0')}`,
    };
  }

  function notify(order: OrderRecord, at: Date): void {
    const target = order.request.callback;
    if (!target) return;
    const body: OrderStateCallback = {
      event: 'orderState',
      order: {
        id: order.id,
        orderNumber: order.orderNumber,
        state: order.state,
        description: order.description,
      },
      ...(order.courier && order.courierLocation
        ? {
            courier: {
              name: order.courier.name,
              phone: order.courier.phone,
              location: order.courierLocation,
            },
          }
        : {}),
      occurredAt: at.toISOString(),
      stepStates: stepStates(order),
    };
    callbacks.send(order.id, target, body);
  }

  function schedule(order: OrderRecord): void {
    const existing = timers.get(order.id);
    if (existing) clearTimeout(existing);
    timers.delete(order.id);
    if (!order.walking) return;
    const next = nextState(facts(order));
    if (next === null) return;
    timers.set(
      order.id,
      setTimeout(() => {
        timers.delete(order.id);
        move(order, next);
      }, settings.stepIntervalMs),
    );
  }

  function move(order: OrderRecord, to: OrderState, description?: string): void {
    if (!canMove(order.state, to))
      throw new Error(`order ${order.id}: ${order.state} → ${to} is not allowed`);
    const at = new Date();
    if (to === 'onTheWayForPickUp' || (to === 'onDelivery' && order.state === 'transferred')) {
      order.courier = newCourier();
    }
    const location = courierLocationFor(order, to);
    if (location !== undefined) order.courierLocation = location;
    if (description !== undefined) order.description = description;
    order.state = to;
    order.steps.push({ state: to, at });
    logger.info({ orderId: order.id, state: to }, 'order state');
    notify(order, at);
    schedule(order);
  }

  return {
    created(order) {
      if (settings.autoAdvance === 'immediately') order.walking = true;
      schedule(order);
    },
    prepared(order) {
      order.prepared = true;
      if (settings.autoAdvance === 'onPrepared' && !order.walking) {
        order.walking = true;
        schedule(order);
      }
    },
    move,
    advance(order, target) {
      const next = nextState(facts(order));
      const path = target !== undefined ? pathTo(facts(order), target) : next === null ? null : [next];
      if (path === null) return null;
      for (const state of path) move(order, state);
      return path;
    },
    pickupPointChanged(point) {
      const target = settings.pickupPointCallback;
      if (target) {
        const body: PickupPointStateCallback = {
          event: 'pickupPointState',
          pickupPoint: { id: point.id, onboardingStatus: point.onboardingStatus },
          occurredAt: new Date().toISOString(),
        };
        callbacks.send(`pickup-point:${point.id}`, target, body);
      }
      if (point.onboardingStatus !== 'approved' && point.onboardingStatus !== 'rejected') return;
      for (const order of store.orders.values()) {
        if (order.pickupPointId !== point.id || order.state !== 'waiting') continue;
        if (point.onboardingStatus === 'approved') move(order, 'inQueue');
        else move(order, 'cancelled', 'Alım noktası reddedildi');
      }
    },
    stepStates,
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
