import { z } from 'zod';
import { seededRandom, type Random } from './random.ts';

/** The Vigo operations, named `METHOD /path` relative to the base path; faults can target a subset. */
export const operations = [
  'POST /auth/token',
  'POST /order',
  'GET /order',
  'PUT /order/cancel',
  'PUT /order/prepared',
  'POST /pickup-point',
  'GET /pickup-point',
] as const;
export type Operation = (typeof operations)[number];

const rate = z.number().min(0).max(1);
const count = z.int().min(0);
const millis = z.int().min(0).max(3_600_000);

const latencySchema = z
  .union([millis, z.strictObject({ min: millis, max: millis })])
  .transform((v) => (typeof v === 'number' ? { min: v, max: v } : v))
  .refine((v) => v.min <= v.max, 'min must not exceed max');

/**
 * Failure injection. Request faults apply to the Vigo operations (never to `/_sandbox`,
 * `/health`, `/metrics`), in this order: latency, then a hang, then an error answer.
 * Every random choice draws from one generator seeded with `seed`, so a test that sets
 * the same faults sees the same failures.
 */
export const faultsSchema = z.strictObject({
  /** Added before every answer: a fixed number of ms, or `{ min, max }` drawn per call. */
  latencyMs: latencySchema.optional(),
  /** Share of calls answered with `errorStatus` instead of being served. */
  errorRate: rate.default(0),
  /** The next N calls are answered with `errorStatus`, whatever errorRate says. */
  failNext: count.default(0),
  errorStatus: z.int().min(500).max(599).default(503),
  /** Share of calls that hang for `hangMs` (longer than the client waits) and then get 504. */
  hangRate: rate.default(0),
  /** The next N calls hang. */
  hangNext: count.default(0),
  hangMs: millis.default(60_000),
  /** Lifetime of tokens issued from now on (the configured lifetime when absent). */
  tokenTtlMs: z.int().min(1).optional(),
  /** Share of callbacks posted twice. */
  duplicateCallbacks: rate.default(0),
  /** Share of callbacks held back and posted after the order's next callback (or after outOfOrderHoldMs). */
  outOfOrderCallbacks: rate.default(0),
  outOfOrderHoldMs: millis.default(1_000),
  /** Share of callbacks never posted (the receiver was down longer than every retry): logged as dropped. */
  dropCallbacks: rate.default(0),
  /** The operations request faults apply to; all of them when absent. */
  operations: z.array(z.enum(operations)).optional(),
  seed: z.int().default(1),
});
export type FaultsInput = z.input<typeof faultsSchema>;
export type Faults = z.output<typeof faultsSchema>;

/** What to do to one incoming call. */
export interface RequestFault {
  latencyMs: number;
  /** Hang this long, then answer 504. */
  hangMs: number | null;
  /** Answer with this status instead of serving the call. */
  failWith: number | null;
}

export interface FaultState {
  current(): Faults;
  /** Replaces every fault (absent fields are off) and reseeds the generator. */
  replace(input: FaultsInput): Faults;
  /** Changes only the given fields; reseeds when `seed` is among them. */
  update(input: Partial<FaultsInput>): Faults;
  forRequest(operation: Operation): RequestFault;
  duplicateCallback(): boolean;
  holdCallback(): boolean;
  dropCallback(): boolean;
}

export const noFaults: Faults = faultsSchema.parse({});

export function createFaultState(initial: Faults = noFaults): FaultState {
  let faults = initial;
  let random: Random = seededRandom(faults.seed);
  const draw = (share: number) => share > 0 && random.next() < share;

  return {
    current: () => faults,
    replace(input) {
      faults = faultsSchema.parse(input);
      random = seededRandom(faults.seed);
      return faults;
    },
    update(input) {
      faults = faultsSchema.parse({ ...faults, ...input });
      if (input.seed !== undefined) random = seededRandom(faults.seed);
      return faults;
    },
    forRequest(operation) {
      if (faults.operations && !faults.operations.includes(operation)) {
        return { latencyMs: 0, hangMs: null, failWith: null };
      }
      const latency = faults.latencyMs;
      const latencyMs = latency ? random.between(latency.min, latency.max) : 0;
      let hang = draw(faults.hangRate);
      if (faults.hangNext > 0) {
        faults = { ...faults, hangNext: faults.hangNext - 1 };
        hang = true;
      }
      if (hang) return { latencyMs, hangMs: faults.hangMs, failWith: null };
      let fail = draw(faults.errorRate);
      if (faults.failNext > 0) {
        faults = { ...faults, failNext: faults.failNext - 1 };
        fail = true;
      }
      return { latencyMs, hangMs: null, failWith: fail ? faults.errorStatus : null };
    },
    duplicateCallback: () => draw(faults.duplicateCallbacks),
    holdCallback: () => draw(faults.outOfOrderCallbacks),
    dropCallback: () => draw(faults.dropCallbacks),
  };
}

/** `"200"` → 200 ms; `"100-500"` → a random 100 to 500 ms per call. */
export function parseLatency(text: string): { min: number; max: number } {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) throw new Error(`latency must be "MS" or "MIN-MAX", got "${text}"`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return { min, max };
}
