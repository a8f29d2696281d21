import { randomBytes } from 'node:crypto';
import type { SeedPickupPoint } from './config.ts';
import { seedPickupPointSchema } from './config.ts';
import type { CreateOrderRequest, Location, OnboardingStatus } from './contract.ts';
import type { OrderState } from './contract.ts';

export interface PickupPointRecord {
  id: string;
  name: string;
  address: string;
  location: Location;
  phone: string;
  externalId: string | null;
  onboardingStatus: OnboardingStatus;
}

export interface Courier {
  id: string;
  name: string;
  phone: string;
}

export interface Step {
  state: OrderState;
  at: Date;
}

export interface OrderRecord {
  id: string;
  orderNumber: string;
  request: CreateOrderRequest;
  state: OrderState;
  /** The cancel text once cancelled; empty otherwise (as in the documentation's example). */
  description: string;
  steps: Step[];
  /** The registered point's id, or null for a point given in full on the order. */
  pickupPointId: string | null;
  pickupName: string;
  pickupLocation: Location;
  receiverLocation: Location;
  courier: Courier | null;
  courierLocation: Location | null;
  prepared: boolean;
  /** The simulator moves this order on its own. */
  walking: boolean;
}

/** In-memory state of one sandbox: orders, pickup points and tokens. */
export interface Store {
  orders: Map<string, OrderRecord>;
  orderIdsByNumber: Map<string, string>;
  pickupPoints: Map<string, PickupPointRecord>;
  /** token → expiry (epoch ms) */
  tokens: Map<string, number>;
  newId(): string;
  findOrder(ref: { id?: string | undefined; orderNumber?: string | undefined }): OrderRecord | undefined;
  addOrder(order: OrderRecord): void;
  findPickupPointByExternalId(externalId: string): PickupPointRecord | undefined;
  /** Forgets everything, then adds the seed pickup points again. */
  reset(): void;
}

export function createStore(seed: readonly SeedPickupPoint[]): Store {
  let counter = randomBytes(3).readUIntBE(0, 3);
  const processPart = randomBytes(5).toString('hex');
  const orders = new Map<string, OrderRecord>();
  const orderIdsByNumber = new Map<string, string>();
  const pickupPoints = new Map<string, PickupPointRecord>();
  const tokens = new Map<string, number>();

  const store: Store = {
    orders,
    orderIdsByNumber,
    pickupPoints,
    tokens,
    // 24 hex digits like Vigo's (MongoDB ObjectId-shaped) ids: seconds, process, counter.
    newId() {
      counter = (counter + 1) % 0x1000000;
      const seconds = Math.floor(Date.now() / 1000)
        .toString(16)
        .padStart(8, '0');
      return `${seconds}${processPart}${counter.toString(16).padStart(6, '0')}`;
    },
    findOrder(ref) {
      const id =
        ref.id ?? (ref.orderNumber === undefined ? undefined : orderIdsByNumber.get(ref.orderNumber));
      return id === undefined ? undefined : orders.get(id);
    },
    addOrder(order) {
      orders.set(order.id, order);
      orderIdsByNumber.set(order.orderNumber, order.id);
    },
    findPickupPointByExternalId(externalId) {
      for (const point of pickupPoints.values()) if (point.externalId === externalId) return point;
      return undefined;
    },
    reset() {
      orders.clear();
      orderIdsByNumber.clear();
      pickupPoints.clear();
      tokens.clear();
      for (const input of seed) {
        const point = seedPickupPointSchema.parse(input);
        pickupPoints.set(point.id, { ...point, externalId: point.externalId ?? null });
      }
    },
  };
  store.reset();
  return store;
}
