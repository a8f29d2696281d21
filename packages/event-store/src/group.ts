import { sql, type Kysely, type Transaction } from 'kysely';
import { compareCheckpoints, ensureCheckpoint, sameCheckpoint } from './checkpoints.ts';
import {
  measureLag,
  subscriptionLockKeys,
  type CommonOptions,
  type SubscriptionStatus,
} from './subscribe.ts';
import { createSubscriptionLoop } from './subscription-loop.ts';
import type { Checkpoint, ReadAllResult, StoredEvent } from './types.ts';

/** One read model of a group: its own checkpoint row and lock (both named `name`), its handler. */
export interface GroupMember<DB> {
  name: string;
  /** Called in the batch's transaction with the events after this member's own checkpoint. */
  handler: (events: StoredEvent[], trx: Transaction<DB>) => Promise<void>;
}

export interface GroupSubscriptionOptions<DB> extends Omit<CommonOptions, 'name' | 'onError'> {
  /** Names the group's connections (application_name); the member names by default. */
  name?: string;
  members: readonly GroupMember<DB>[];
  /** Runs first in every batch transaction that applies something (e.g. `set local …`). */
  prepare?: (trx: Transaction<DB>) => Promise<void>;
  /** Told about every failed batch before it is retried; `member` is the handler that threw, if one did. */
  onError?: (
    error: unknown,
    context: { attempt: number; events: readonly StoredEvent[]; member: string | null },
  ) => void;
}

export interface GroupSubscription {
  start(): Promise<void>;
  /** Graceful: lets the batch being applied finish, then releases the locks and connections. */
  stop(): Promise<void>;
  /** One status per member, as its own subscription would report it. */
  statuses(): SubscriptionStatus[];
}

/** A member's own part of its status (the rest is the group's). */
interface MemberState<DB> extends Pick<
  SubscriptionStatus,
  | 'checkpoint'
  | 'lastAppliedPosition'
  | 'lagEvents'
  | 'lagSeconds'
  | 'eventsApplied'
  | 'batchesApplied'
  | 'handlerFailures'
  | 'lastError'
> {
  member: GroupMember<DB>;
}

class MemberFailed extends Error {
  readonly member: string;
  readonly error: unknown;
  constructor(member: string, error: unknown) {
    super(error instanceof Error ? error.message : String(error));
    this.member = member;
    this.error = error;
  }
}

/**
 * Several read-model subscriptions run as one: one lock connection holding every member's lock,
 * one LISTEN, one read of the log per batch (from the lowest member checkpoint) and ONE
 * transaction per batch that moves each member's own checkpoint row and hands each member the
 * events after it. Whatever reads a member's checkpoint row (or takes its lock) sees a
 * subscription of that name. A member whose checkpoint was moved by someone else (a rebuild's
 * swap) is reloaded and goes on from there; the group keeps its locks. See README "Group subscriptions".
 */
export function createGroupSubscription<DB = Record<string, never>>(
  options: GroupSubscriptionOptions<DB>,
): GroupSubscription {
  const { store } = options;
  if (options.members.length === 0) throw new Error('a group subscription needs at least one member');
  const names = options.members.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate member in ${names.join(', ')}`);
  const label = options.name ?? names.join('+');
  const lagRefreshMs = options.lagRefreshMs ?? 1_000;
  const db = store.db as unknown as Kysely<DB>;
  const table = sql.id(store.schema, 'subscription_checkpoints');

  // Name order, as the checkpoint rows are locked (and the locks taken) in it.
  const states: MemberState<DB>[] = options.members
    .toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((member) => ({
      member,
      checkpoint: null,
      lastAppliedPosition: null,
      lagEvents: null,
      lagSeconds: null,
      eventsApplied: 0,
      batchesApplied: 0,
      handlerFailures: 0,
      lastError: null,
    }));
  const sortedNames = states.map((s) => s.member.name);

  let lagCheckedAt = 0;

  async function loadCheckpoints(): Promise<void> {
    for (const s of states) s.checkpoint ??= await ensureCheckpoint(store, s.member.name);
  }

  /** The lowest member checkpoint: where the group reads from. */
  function lowest(): Checkpoint {
    let low: Checkpoint | null = null;
    for (const s of states)
      if (s.checkpoint && (!low || compareCheckpoints(s.checkpoint, low) < 0)) low = s.checkpoint;
    if (!low) throw new Error('no member checkpoint loaded');
    return low;
  }

  async function refreshLag(force: boolean): Promise<void> {
    if (!force && Date.now() - lagCheckedAt < lagRefreshMs) return;
    lagCheckedAt = Date.now();
    // Members usually share one checkpoint: one query per distinct checkpoint.
    const measured: { at: Checkpoint; lag: Awaited<ReturnType<typeof measureLag>> }[] = [];
    for (const s of states) {
      const at = s.checkpoint;
      if (!at) continue;
      let known = measured.find((m) => sameCheckpoint(m.at, at));
      if (!known) measured.push((known = { at, lag: await measureLag(store, at) }));
      if (known.lag) ({ lagEvents: s.lagEvents, lagSeconds: s.lagSeconds } = known.lag);
    }
  }

  /**
   * One transaction: lock every member's checkpoint row (name order), move those still where
   * this instance left them and behind the batch's end, and apply each one's new events. Answers
   * which members applied the batch and which found their checkpoint moved (with where it is now).
   */
  async function applyOnce(
    from: Checkpoint,
    page: ReadAllResult,
  ): Promise<{
    applied: { state: MemberState<DB>; events: number }[];
    moved: { state: MemberState<DB>; now: Checkpoint | null }[];
  }> {
    return db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ name: string; transaction_id: string; position: string }>`select name,
          transaction_id::text, position::text from ${table}
        where name = any(${sortedNames}::text[]) order by name for update`.execute(trx);
      const current = new Map(
        rows.map((r) => [r.name, { transactionId: r.transaction_id, position: BigInt(r.position) }]),
      );
      const due: MemberState<DB>[] = [];
      const moved: { state: MemberState<DB>; now: Checkpoint | null }[] = [];
      for (const s of states) {
        const now = current.get(s.member.name) ?? null;
        if (!now || !s.checkpoint || !sameCheckpoint(now, s.checkpoint)) moved.push({ state: s, now });
        // A member ahead of the batch's end (moved there by a swap) is left where it is.
        else if (compareCheckpoints(page.checkpoint, s.checkpoint) > 0) due.push(s);
      }
      const applied: { state: MemberState<DB>; events: number }[] = [];
      if (due.length === 0) return { applied, moved };
      await sql`update ${table}
        set transaction_id = ${page.checkpoint.transactionId}::xid8,
          position = ${String(page.checkpoint.position)}::bigint, updated_at = now()
        where name = any(${due.map((s) => s.member.name)}::text[])`.execute(trx);
      if (options.prepare) await options.prepare(trx);
      for (const s of due) {
        const at = s.checkpoint!;
        // The page was read after `from`: a member there gets it whole, one further on only
        // what follows its own checkpoint.
        const events = sameCheckpoint(at, from)
          ? page.events
          : page.events.filter((e) => compareCheckpoints(e, at) > 0);
        if (events.length > 0) {
          try {
            await s.member.handler(events, trx);
          } catch (error) {
            throw new MemberFailed(s.member.name, error);
          }
        }
        applied.push({ state: s, events: events.length });
      }
      return { applied, moved };
    });
  }

  /** One attempt: the batch's transaction, then each member's status from what it did. */
  async function applyAndRecord(from: Checkpoint, page: ReadAllResult): Promise<void> {
    const { applied, moved } = await applyOnce(from, page);
    for (const { state, events } of applied) {
      state.checkpoint = page.checkpoint;
      state.lastAppliedPosition = page.checkpoint.position;
      state.eventsApplied += events;
      state.batchesApplied += 1;
      state.lastError = null;
    }
    if (moved.length > 0) {
      // A rebuild's swap moved these (or an operator reset them): go on from where they are
      // now. Were it another instance, this one's lock connection is gone: check it.
      for (const { state, now } of moved) state.checkpoint = now;
      await loop.lock.check();
    }
  }

  const loop = createSubscriptionLoop(
    options,
    label,
    sortedNames.map((name) => subscriptionLockKeys(store, name)),
    {
      forget() {
        for (const s of states) s.checkpoint = null;
      },
      load: loadCheckpoints,
      async from() {
        await loadCheckpoints();
        return lowest();
      },
      refreshLag,
      behind: () => states.some((s) => (s.lagEvents ?? 0) > 0),
      applyOnce: applyAndRecord,
      attemptFailed(error, attempt, page) {
        const failed = error instanceof MemberFailed ? error.member : null;
        const cause = error instanceof MemberFailed ? error.error : error;
        for (const s of states) {
          if (failed !== null && s.member.name !== failed) continue;
          s.handlerFailures += 1;
          s.lastError = cause instanceof Error ? cause.message : String(cause);
        }
        options.onError?.(cause, { attempt, events: page.events, member: failed });
      },
      turnFailed(error) {
        const message = error instanceof Error ? error.message : String(error);
        for (const s of states) s.lastError = message;
      },
    },
  );

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),

    // In the order the members were given.
    statuses: () =>
      options.members.map((member) => {
        const s = states.find((x) => x.member === member)!;
        return {
          name: member.name,
          ...loop.state(),
          checkpoint: s.checkpoint,
          lastAppliedPosition: s.lastAppliedPosition,
          lagEvents: s.lagEvents,
          lagSeconds: s.lagSeconds,
          eventsApplied: s.eventsApplied,
          batchesApplied: s.batchesApplied,
          handlerFailures: s.handlerFailures,
          lastError: s.lastError,
          ...loop.connections(),
        };
      }),
  };
}
