import type { Generated } from 'kysely';

/** Where one order stands with Vigo. */
export const dispatchStates = [
  /** Claimed: a create is under way, or was interrupted (a crash, Vigo down); the retry reconciles by orderNumber. */
  'pending',
  /** Its origin branch is registered with Vigo but not approved yet: nothing sent, waiting for the approval callback. */
  'waiting-pickup-point',
  /** Vigo has the order (its id is stored); not yet marked prepared. */
  'created',
  /** Vigo has the order and it is marked prepared: the courier walk runs. */
  'prepared',
  /** Cancelled at Vigo (or cancelled before anything was sent). */
  'cancelled',
  /** Vigo cannot take the order (failure_reason says why). */
  'failed',
] as const;
export type DispatchState = (typeof dispatchStates)[number];

export interface DispatchesTable {
  order_id: string;
  tenant_id: string;
  order_no: string;
  state: DispatchState;
  vigo_order_id: string | null;
  /** The last Vigo state we learnt (callback or GET /order). */
  vigo_state: string | null;
  /** Rank of the Vigo state last applied to the order (status-mapping.ts): never goes down. */
  applied_rank: Generated<number>;
  origin_branch_id: string | null;
  attempts: Generated<number>;
  failure_reason: string | null;
  last_error: string | null;
  cancel_requested: Generated<boolean>;
  courier_latitude: number | null;
  courier_longitude: number | null;
  courier_located_at: Date | null;
  /** When the event that started the dispatch happened (event → Vigo latency). */
  event_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CallbacksTable {
  dedupe_key: string;
  event: string;
  ref: string;
  state: string;
  occurred_at: Date | null;
  received_at: Generated<Date>;
  /** Null while the callback is being applied. */
  outcome: string | null;
}

export interface PickupPointsTable {
  branch_id: string;
  vigo_pickup_point_id: string;
  onboarding_status: string;
  name: string | null;
  updated_at: Generated<Date>;
}

export interface SeenOrdersTable {
  order_id: string;
  is_vigo: boolean;
  checked_at: Generated<Date>;
}

export interface ConnectorTables {
  'vigo_connector.dispatches': DispatchesTable;
  'vigo_connector.callbacks': CallbacksTable;
  'vigo_connector.pickup_points': PickupPointsTable;
  'vigo_connector.seen_orders': SeenOrdersTable;
}
