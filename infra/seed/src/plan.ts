// One demo order's plan: its create body and every later request, decided by the seed and the
// order's index alone (so concurrency and order of completion never change the data).
import { orderStatuses, type OrderStatus } from '@orders/domain';
import { isEarly, Lifecycle, type Walk } from './lifecycle.ts';
import type { Step, SubResourceKind } from './step.ts';
import { orderBody, type CreateOrderInput } from './order-body.ts';
import { Random } from './random.ts';
import type { World } from './world.ts';

export interface GeneratorOptions {
  seed: string;
  /** The day the data is built around (`YYYY-MM-DD`): closed orders lie before it, open ones around it. */
  today: string;
  /** Make some orders Vigo last-mile orders (`third_party_channel: "vigo"`). */
  vigo: boolean;
}

export interface OrderPlan {
  index: number;
  /** The status the order ends in once every step has run (Vigo orders: created, before the connector moves them). */
  status: OrderStatus;
  vigo: boolean;
  /** The office user who creates the order (`x-user-id`). */
  userId: string;
  create: CreateOrderInput;
  steps: Step[];
  /** The sub-resource groups the steps create on this order. */
  subResources: SubResourceKind[];
}

/** How often each final status occurs: most orders are delivered, some are still under way. */
const statusWeights: Readonly<Record<OrderStatus, number>> = {
  delivered: 34,
  cancelled: 8,
  created: 6,
  offering: 4,
  pending: 5,
  assigned: 6,
  'to-picking': 4,
  picked: 4,
  'to-departure': 3,
  'in-departure': 4,
  'to-arrival': 4,
  'in-arrival': 5,
  'on-delivery': 8,
  handover: 5,
};

/** Where cancelled orders were cancelled (every status whose row allows it). */
const cancelWeights = {
  created: 30,
  offering: 10,
  pending: 15,
  assigned: 15,
  'to-picking': 8,
  picked: 7,
  'to-departure': 5,
  handover: 10,
} as const;

/** Statuses only a line-haul order (another city) passes through. */
const lineHaul: readonly OrderStatus[] = ['to-departure', 'in-departure', 'to-arrival', 'in-arrival'];

/** The share of orders made Vigo orders with `--vigo`. */
export const vigoShare = 0.06;

/**
 * The plan of order `index`. The first 14 orders end one in each status and take every
 * optional road, so that any run of 14 or more orders covers every status and sub-resource.
 */
export function planOrder(world: World, options: GeneratorOptions, index: number): OrderPlan {
  const random = new Random(`${options.seed}:order:${index}`);
  const coverage = index < orderStatuses.length;
  // Drawn with or without --vigo, so the other orders are the same either way.
  const vigoRoll = random.chance(vigoShare);
  const vigo = options.vigo && !coverage && vigoRoll;
  const target: OrderStatus = vigo
    ? 'created'
    : coverage
      ? orderStatuses[index]!
      : random.weighted(statusWeights);
  const cancelAt: OrderStatus | undefined =
    target === 'cancelled' ? random.weighted(cancelWeights) : undefined;
  const stop = cancelAt ?? target;
  const rich = coverage;
  const intercity = !vigo && (lineHaul.includes(stop) || random.chance(0.55));
  const draft = target === 'created' && !vigo && !rich && random.chance(0.3);
  const viaOffers = !vigo && stop !== 'created' && (stop === 'offering' || rich || random.chance(0.3));
  const restore =
    target === 'in-arrival' || target === 'on-delivery' || target === 'handover'
      ? (rich && target === 'on-delivery') || random.chance(0.12)
      : target === 'delivered' && random.chance(0.05);
  const timing =
    target === 'delivered' || target === 'cancelled' ? 'past' : isEarly(target) ? 'future' : 'current';

  // Orders entered as already priced (pending) or already given to a driver (assigned).
  const entered = random.weighted({ created: 55, pending: 25, assigned: 20 });
  const initial: OrderStatus =
    vigo || draft || stop === 'created'
      ? 'created'
      : entered === 'pending'
        ? 'pending'
        : entered === 'assigned' && !viaOffers && !isEarly(stop)
          ? 'assigned'
          : 'created';

  const userId = random.pick(world.operators);
  const { body, facts } = orderBody(random, world, options.today, { timing, intercity, vigo, draft });
  const create: CreateOrderInput = initial === 'created' ? body : { ...body, order_status: initial };
  const walk: Walk = { target, viaOffers, restore, rich, ...(cancelAt ? { cancelAt } : {}) };
  const life = new Lifecycle(random, world, facts, walk, initial);
  if (!vigo) life.run();
  if (life.status !== target) throw new Error(`seed plan ${index}: ended in ${life.status}, not ${target}`);
  return {
    index,
    status: target,
    vigo,
    userId,
    create,
    steps: life.steps,
    subResources: [...life.kinds],
  };
}
