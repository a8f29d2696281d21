// Runs the plans against order-api: `concurrency` orders at a time, each order's steps in
// sequence, every non-2xx answer counted by route and status.
import type { OrderStatus } from '@orders/domain';
import { z } from 'zod';
import { ApiClient, type Answer, type ClientCredentials, type Problem } from './client.ts';
import type { Step, SubResourceKind } from './step.ts';
import { planOrder, type GeneratorOptions, type OrderPlan } from './plan.ts';
import { createWorld } from './world.ts';

export interface SeedRun extends GeneratorOptions, ClientCredentials {
  url: string;
  orders: number;
  concurrency: number;
  /** Called after each order (done, failed requests so far). */
  onProgress?(done: number, failed: number): void;
  /** Stops taking new orders; the ones under way finish. */
  signal?: AbortSignal;
}

/** A kind of failure: one route answering one status. */
export interface ProblemCount {
  route: string;
  status: Problem['status'];
  count: number;
  /** The first answer of this kind (truncated). */
  firstText: string;
}

export interface SeededOrder {
  index: number;
  orderId: string;
  orderNo: string;
  /** The status the plan ends in (reached when `complete`). */
  status: OrderStatus;
  vigo: boolean;
  subResources: SubResourceKind[];
  /** Every step answered 2xx. */
  complete: boolean;
}

export interface SeedResult {
  /** Orders whose creation succeeded (complete or not), in index order. */
  orders: SeededOrder[];
  /** Orders attempted (less than asked when stopped). */
  attempted: number;
  requests: number;
  durationMs: number;
  /** Requests that ended without a 2xx answer, by route and status. */
  failed: ProblemCount[];
  /** Answers that were retried and then succeeded or failed (429, 503, connection errors). */
  retried: ProblemCount[];
  failedRequests: number;
}

const createdOrder = z.looseObject({
  order_id: z.uuid(),
  order_no: z.string().min(1),
  loads: z.array(z.looseObject({ order_load_id: z.string(), load_no: z.string() })),
});
const dataOf = (answer: Answer): unknown =>
  typeof answer.body === 'object' && answer.body !== null && 'data' in answer.body
    ? answer.body.data
    : undefined;

class Tally {
  readonly #kinds = new Map<string, ProblemCount>();
  total = 0;

  add(problem: Problem): void {
    this.total += 1;
    const key = `${problem.route} ${problem.status}`;
    const kind = this.#kinds.get(key);
    if (kind) kind.count += 1;
    else
      this.#kinds.set(key, {
        route: problem.route,
        status: problem.status,
        count: 1,
        firstText: problem.text.slice(0, 600),
      });
  }

  list(): ProblemCount[] {
    return [...this.#kinds.values()].toSorted((a, b) => b.count - a.count || a.route.localeCompare(b.route));
  }
}

/** Fills `{order_id}`, `{order_no}` and `{ref:name}` in a step's path. */
export function fillPath(path: string, refs: ReadonlyMap<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const key = name.startsWith('ref:') ? name.slice(4) : name;
    const value = refs.get(key);
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}

/** Seeds `run.orders` orders through order-api and reports what happened. */
export async function runSeed(run: SeedRun): Promise<SeedResult> {
  const started = performance.now();
  const world = createWorld(run.seed);
  const client = new ApiClient(run.url, run);
  const failed = new Tally();
  const retried = new Tally();
  const orders: SeededOrder[] = [];
  let requests = 0;
  let next = 0;
  let done = 0;

  const send = async (step: Step, userId: string, refs: ReadonlyMap<string, string>) => {
    let path: string;
    try {
      path = fillPath(step.path, refs);
    } catch (error) {
      failed.add({ route: step.route, status: 'unresolved', text: String(error) });
      return null;
    }
    requests += 1;
    const answer = await client.send({
      method: step.method,
      path,
      route: step.route,
      body: step.body,
      userId: step.userId ?? userId,
      onProblem: (problem, willRetry) => {
        if (willRetry) {
          retried.add(problem);
          requests += 1;
        } else failed.add(problem);
      },
    });
    return answer && answer.status < 300 ? answer : null;
  };

  const seedOne = async (plan: OrderPlan) => {
    const createStep: Step = {
      route: 'POST /v3/orders',
      method: 'POST',
      path: '/v3/orders',
      body: plan.create,
    };
    const answer = await send(createStep, plan.userId, new Map());
    if (!answer) return;
    const parsed = createdOrder.safeParse(dataOf(answer));
    if (!parsed.success) {
      failed.add({
        route: createStep.route,
        status: answer.status,
        text: `unexpected answer: ${answer.text}`,
      });
      return;
    }
    const refs = new Map<string, string>([
      ['order_id', parsed.data.order_id],
      ['order_no', parsed.data.order_no],
      ...parsed.data.loads.map((l): [string, string] => [`load:${l.load_no}`, l.order_load_id]),
    ]);
    let complete = true;
    for (const step of plan.steps) {
      const stepAnswer = await send(step, plan.userId, refs);
      if (!stepAnswer) {
        complete = false; // later steps depend on this one: the order stops here
        break;
      }
      for (const [name, field] of Object.entries(step.keep ?? {})) {
        const data = dataOf(stepAnswer);
        const value =
          typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
        if (typeof value === 'string') refs.set(name, value);
      }
    }
    orders.push({
      index: plan.index,
      orderId: parsed.data.order_id,
      orderNo: parsed.data.order_no,
      status: plan.status,
      vigo: plan.vigo,
      subResources: plan.subResources,
      complete,
    });
  };

  const worker = async () => {
    while (!run.signal?.aborted) {
      const index = next;
      if (index >= run.orders) return;
      next += 1;
      await seedOne(planOrder(world, run, index));
      done += 1;
      run.onProgress?.(done, failed.total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.concurrency, run.orders) }, worker));

  return {
    orders: orders.toSorted((a, b) => a.index - b.index),
    attempted: done,
    requests,
    durationMs: performance.now() - started,
    failed: failed.list(),
    retried: retried.list(),
    failedRequests: failed.total,
  };
}
