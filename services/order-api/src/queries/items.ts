import type { OrderListItem, SuspendedItem } from '@orders/read-models';
import { lira } from '../mapping/money.ts';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A list row as the API answers it: the spec's snake_case names, money in lira. */
export function orderListItemOut(row: OrderListItem) {
  return {
    order_id: row.order_id,
    order_no: row.order_no,
    order_status: row.status,
    order_type: row.order_type,
    transport_mode: row.transport_mode,
    transport_type: row.transport_type,
    content_type: row.content_type,
    vehicle_type: row.vehicle_type,
    vehicle_body: row.vehicle_body,
    upload_type: row.upload_type,
    container_type: row.container_type,
    pen_type: row.pen_type,
    shipping_type: row.shipping_type,
    assign_type: row.assign_type,
    payment_type: row.payment_type,
    payment_method: row.payment_method,
    is_draft: row.is_draft,
    is_suborder: row.is_suborder,
    dates: { departure_date: row.departure_date, arrival_date: row.arrival_date },
    created_at: iso(row.created_at),
    created_by: row.created_by,
    updated_at: iso(row.updated_at),
    updated_by: row.updated_by,
    status_changed_at: iso(row.status_changed_at),
    cancelled_at: iso(row.cancelled_at),
    delivered_at: iso(row.delivered_at),
    sender: {
      name: row.sender_name,
      phone: row.sender_phone,
      address: row.origin_address,
      customer_ids: row.sender_customer_ids,
    },
    receiver: {
      name: row.receiver_name,
      phone: row.receiver_phone,
      address: row.destination_address,
      customer_ids: row.receiver_customer_ids,
    },
    customer_ids: row.customer_ids,
    invoice_customer_ids: row.invoice_customer_ids,
    branches: { origin: row.origin_branch_ids, destination: row.destination_branch_ids },
    driver_ids: row.driver_ids,
    transfer_center_ids: row.transfer_center_ids,
    has_invoice: row.has_invoice,
    invoice_status: row.invoice_status,
    collection_status: row.collection_status,
    load_count: row.load_count,
    pricing: {
      total_amount: lira(Number(row.total_amount)),
      paid_amount: lira(Number(row.paid_amount)),
      invoiced_amount: lira(Number(row.invoiced_amount)),
      income_amount: lira(Number(row.income_amount)),
      expense_amount: lira(Number(row.expense_amount)),
    },
  };
}

/** A suspended order: its list item, why it is suspended and since when. */
export function suspendedItemOut(row: SuspendedItem) {
  return {
    ...orderListItemOut(row),
    suspended_reason: row.suspended_reason,
    suspended_since: iso(row.status_changed_at),
  };
}
