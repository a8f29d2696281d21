import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ConnectorTables, DispatchesTable, DispatchState } from './db/schema.ts';

export type Dispatch = Selectable<DispatchesTable>;
export type PickupPoint = Selectable<ConnectorTables['vigo_connector.pickup_points']>;

/** The dispatch table (one row per order sent to Vigo) and its neighbours, as the dispatcher uses them. */
export function createDispatchStore(db: Kysely<ConnectorTables>) {
  const table = 'vigo_connector.dispatches' as const;
  return {
    db,
    get: (orderId: string): Promise<Dispatch | undefined> =>
      db.selectFrom(table).selectAll().where('order_id', '=', orderId).executeTakeFirst(),

    byVigoId: (vigoOrderId: string): Promise<Dispatch | undefined> =>
      db.selectFrom(table).selectAll().where('vigo_order_id', '=', vigoOrderId).executeTakeFirst(),

    byOrderNo: (tenantId: string, orderNo: string): Promise<Dispatch | undefined> =>
      db
        .selectFrom(table)
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('order_no', '=', orderNo)
        .executeTakeFirst(),

    /**
     * The claim before a create: the row in `pending` with one more attempt. Written (and
     * committed) before Vigo is called, so a crash after Vigo's answer leaves a row whose
     * attempts say "a create may have gone through: reconcile first".
     */
    claim: (input: {
      orderId: string;
      tenantId: string;
      orderNo: string;
      originBranchId: string | null;
      eventAt: Date | null;
    }): Promise<Dispatch> =>
      db
        .insertInto(table)
        .values({
          order_id: input.orderId,
          tenant_id: input.tenantId,
          order_no: input.orderNo,
          state: 'pending',
          origin_branch_id: input.originBranchId,
          attempts: 1,
          event_at: input.eventAt,
        })
        .onConflict((oc) =>
          oc.column('order_id').doUpdateSet({
            state: 'pending',
            attempts: sql<number>`${sql.ref('vigo_connector.dispatches.attempts')} + 1`,
            origin_branch_id: input.originBranchId,
            event_at: sql<Date>`coalesce(${sql.ref('vigo_connector.dispatches.event_at')}, excluded.event_at)`,
            updated_at: sql<Date>`now()`,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** A row without a Vigo order (waiting for its pickup point, or failed), created or changed. */
    record: (input: {
      orderId: string;
      tenantId: string;
      orderNo: string;
      state: Extract<DispatchState, 'waiting-pickup-point' | 'failed' | 'cancelled'>;
      originBranchId: string | null;
      failureReason?: string;
      eventAt: Date | null;
    }): Promise<void> =>
      db
        .insertInto(table)
        .values({
          order_id: input.orderId,
          tenant_id: input.tenantId,
          order_no: input.orderNo,
          state: input.state,
          origin_branch_id: input.originBranchId,
          failure_reason: input.failureReason ?? null,
          event_at: input.eventAt,
        })
        .onConflict((oc) =>
          oc.column('order_id').doUpdateSet({
            state: input.state,
            origin_branch_id: input.originBranchId,
            failure_reason: input.failureReason ?? null,
            updated_at: sql<Date>`now()`,
          }),
        )
        .execute()
        .then(() => undefined),

    update: (orderId: string, changes: Updateable<DispatchesTable>): Promise<Dispatch | undefined> =>
      db
        .updateTable(table)
        .set({ ...changes, updated_at: sql<Date>`now()` })
        .where('order_id', '=', orderId)
        .returningAll()
        .executeTakeFirst(),

    /** Rows a retry should pick up: interrupted creates, unprepared orders, cancels not done, approved points. */
    due: (olderThanMs: number, limit: number) =>
      db
        .selectFrom(`${table} as d`)
        .leftJoin('vigo_connector.pickup_points as p', 'p.branch_id', 'd.origin_branch_id')
        .select(['d.order_id', 'd.cancel_requested', 'd.state'])
        .where('d.updated_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
        .where((eb) =>
          eb.or([
            eb('d.state', 'in', ['pending', 'created']),
            eb.and([eb('d.cancel_requested', '=', true), eb('d.state', 'not in', ['cancelled', 'failed'])]),
            eb.and([
              eb('d.state', '=', 'waiting-pickup-point'),
              eb('p.onboarding_status', 'in', ['approved', 'rejected']),
            ]),
          ]),
        )
        .orderBy('d.updated_at')
        .limit(limit)
        .execute(),

    /**
     * Prepared orders Vigo has not finished (by what we know) whose row has not changed for
     * `olderThanMs`: a callback may have been lost; the oldest first. The final states go in
     * as literals, as in the partial index dispatches_unfinished (migration 0002) that serves it.
     */
    silent: (olderThanMs: number, finalStates: readonly string[], limit: number) =>
      db
        .selectFrom(table)
        .select('order_id')
        .where('state', '=', 'prepared')
        .where('vigo_order_id', 'is not', null)
        .where(
          sql<boolean>`(vigo_state is null or vigo_state not in (${sql.join(finalStates.map((s) => sql.lit(s)))}))`,
        )
        .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
        .orderBy('updated_at')
        .limit(limit)
        .execute(),

    waitingFor: (branchId: string) =>
      db
        .selectFrom(table)
        .select('order_id')
        .where('state', '=', 'waiting-pickup-point')
        .where('origin_branch_id', '=', branchId)
        .execute(),

    seen: (orderId: string) =>
      db
        .selectFrom('vigo_connector.seen_orders')
        .select('is_vigo')
        .where('order_id', '=', orderId)
        .executeTakeFirst(),

    markSeen: (orderId: string, isVigo: boolean) =>
      db
        .insertInto('vigo_connector.seen_orders')
        .values({ order_id: orderId, is_vigo: isVigo })
        .onConflict((oc) =>
          oc.column('order_id').doUpdateSet({ is_vigo: isVigo, checked_at: sql<Date>`now()` }),
        )
        .execute()
        .then(() => undefined),

    pickupPointOfBranch: (branchId: string): Promise<PickupPoint | undefined> =>
      db
        .selectFrom('vigo_connector.pickup_points')
        .selectAll()
        .where('branch_id', '=', branchId)
        .executeTakeFirst(),

    pickupPointByVigoId: (vigoId: string): Promise<PickupPoint | undefined> =>
      db
        .selectFrom('vigo_connector.pickup_points')
        .selectAll()
        .where('vigo_pickup_point_id', '=', vigoId)
        .executeTakeFirst(),

    savePickupPoint: (point: { branchId: string; vigoId: string; status: string; name: string | null }) =>
      db
        .insertInto('vigo_connector.pickup_points')
        .values({
          branch_id: point.branchId,
          vigo_pickup_point_id: point.vigoId,
          onboarding_status: point.status,
          name: point.name,
        })
        .onConflict((oc) =>
          oc.column('branch_id').doUpdateSet({
            vigo_pickup_point_id: point.vigoId,
            onboarding_status: point.status,
            name: point.name,
            updated_at: sql<Date>`now()`,
          }),
        )
        .execute()
        .then(() => undefined),

    setPickupPointStatus: (vigoId: string, status: string) =>
      db
        .updateTable('vigo_connector.pickup_points')
        .set({ onboarding_status: status, updated_at: sql<Date>`now()` })
        .where('vigo_pickup_point_id', '=', vigoId)
        .returningAll()
        .executeTakeFirst(),
  };
}

export type DispatchStore = ReturnType<typeof createDispatchStore>;
