import type { ColumnType, Generated } from 'kysely';

/** Tables order-api owns beside the event store (schema `order_api`). */
export interface OrderApiTables {
  'order_api.clients': {
    client_id: string;
    tenant_id: string;
    name: string;
    /** scrypt$N$r$p$salt$hash (base64). */
    secret_hash: string;
    created_at: Generated<Date>;
    rotated_at: Date | null;
    disabled_at: Date | null;
  };
  'order_api.idempotency_keys': {
    tenant_id: string;
    client_id: string;
    key: string;
    request_hash: string;
    status_code: number | null;
    response: ColumnType<unknown, string | null, string | null> | null;
    created_at: Generated<Date>;
  };
  'order_api.orders_index': {
    order_id: string;
    tenant_id: string;
    order_no: string;
    created_at: Generated<Date>;
  };
}
