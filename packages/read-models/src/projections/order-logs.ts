// The order's history (`GET /:order_id/logs`): one row per event with who did it (the event's
// metadata.actor), when (the event's `at`), its correlation id and a sentence in Turkish — the
// language of the spec and of the people reading these logs.
import { formatLira, type OrderEvent, type OrderStatus } from '@orders/domain';
import type { StoredEvent } from '@orders/event-store';
import type { TableTargets } from '../tables.ts';
import { upsertRows, type Executor } from '../write.ts';
import { projectedEvents, targetOf, type ReadModelProjection } from './types.ts';

/** The spec's Turkish label of each status. */
export const statusLabels: Record<OrderStatus, string> = {
  cancelled: 'İptal edildi',
  created: 'Oluşturuldu',
  offering: 'Teklifte',
  pending: 'Bekleniyor',
  assigned: 'Atandı',
  'to-picking': 'Toplama aşamasında',
  picked: 'Toplandı',
  'to-departure': 'Çıkışa hazır',
  'in-departure': 'Çıkışta',
  'to-arrival': 'Varışa hazır',
  'in-arrival': 'Varışta',
  handover: 'Teslimatta',
  'on-delivery': 'Dağıtımda',
  delivered: 'Teslim edildi',
};

const move = (from: OrderStatus, to: OrderStatus) => `${statusLabels[from]} → ${statusLabels[to]}`;
const tl = (kurus: number | undefined) => (kurus === undefined ? '' : ` (${formatLira(kurus)} TL)`);

/** The readable sentence and the details of one event. */
export function describeEvent(event: OrderEvent): { message: string; details: Record<string, unknown> } {
  const d = event.data;
  switch (event.type) {
    case 'OrderCreated':
      return {
        message: `Sipariş oluşturuldu (${event.data.orderNo})`,
        details: { order_no: event.data.orderNo },
      };
    case 'OrderUpdated': {
      const fields = Object.keys(event.data.changes);
      return { message: `Sipariş güncellendi: ${fields.join(', ')}`, details: { fields } };
    }
    case 'OrderDeleted':
      return { message: 'Sipariş silindi', details: {} };
    case 'OrderStatusChanged':
      return {
        message: `Durum değişti: ${move(event.data.from, event.data.to)}`,
        details: { from: event.data.from, to: event.data.to },
      };
    case 'OrderCancelled':
      return {
        message: `Sipariş iptal edildi (${statusLabels[event.data.from]} durumundan)`,
        details: { from: event.data.from },
      };
    case 'LoadsDelivered':
      return {
        message: `Yükler teslim edildi: ${event.data.loadNos.join(', ')}${event.data.recipientName ? ` — alıcı ${event.data.recipientName}` : ''}`,
        details: { loads: event.data.loadNos, recipient_name: event.data.recipientName ?? null },
      };
    case 'OrderDelivered':
      return { message: 'Sipariş teslim edildi', details: { from: event.data.from } };
    case 'DeliveryCancelled':
      return {
        message: `Teslim iptal edildi, durum ${statusLabels[event.data.restoredStatus]}${event.data.cancelReason ? ` — sebep: ${event.data.cancelReason}` : ''}`,
        details: {
          restored_status: event.data.restoredStatus,
          cancel_reason: event.data.cancelReason ?? null,
        },
      };
    case 'LoadsNoticed':
      return {
        message: `Yük tutanağı oluşturuldu (${event.data.notice.noticeReason}): ${event.data.notice.loadNos.join(', ')}`,
        details: { notice_reason: event.data.notice.noticeReason, loads: event.data.notice.loadNos },
      };
    case 'HandoverCreated':
      return {
        message: `Devir oluşturuldu (${event.data.handoverReason})`,
        details: { handover_reason: event.data.handoverReason, from: event.data.from },
      };
    case 'LoadCreated':
      return {
        message: `Yük eklendi: ${event.data.load.loadNo}`,
        details: { load_no: event.data.load.loadNo },
      };
    case 'LoadUpdated':
      return {
        message: `Yük güncellendi: ${event.data.load.loadNo}`,
        details: { load_no: event.data.load.loadNo },
      };
    case 'LoadDeleted':
      return { message: 'Yük silindi', details: { order_load_id: event.data.loadId } };
    case 'LoadLogCreated':
      return {
        message: `Yük hareketi kaydedildi: ${event.data.loadLog.loadNo} ${event.data.loadLog.loadStatus}`,
        details: { load_no: event.data.loadLog.loadNo, load_status: event.data.loadLog.loadStatus },
      };
    case 'LoadLogUpdated':
      return {
        message: `Yük hareketi güncellendi: ${event.data.loadLog.loadNo}`,
        details: { load_no: event.data.loadLog.loadNo },
      };
    case 'LoadLogDeleted':
      return { message: 'Yük hareketi silindi', details: { order_load_log_id: event.data.loadLogId } };
    case 'WaybillCreated':
      return {
        message: `İrsaliye eklendi: ${event.data.waybill.sequenceNo}`,
        details: { sequence_no: event.data.waybill.sequenceNo },
      };
    case 'WaybillUpdated':
      return {
        message: `İrsaliye güncellendi: ${event.data.waybill.sequenceNo}`,
        details: { sequence_no: event.data.waybill.sequenceNo },
      };
    case 'WaybillDeleted':
      return { message: 'İrsaliye silindi', details: { order_waybill_id: event.data.waybillId } };
    case 'ExpenseCreated':
      return {
        message: `Gider eklendi${tl(event.data.expense.pricing.totalPrice)}`,
        details: { expense_type: event.data.expense.expenseType },
      };
    case 'ExpenseUpdated':
      return { message: `Gider güncellendi${tl(event.data.expense.pricing.totalPrice)}`, details: {} };
    case 'ExpenseDeleted':
      return { message: 'Gider silindi', details: { order_expense_id: event.data.expenseId } };
    case 'IncomeCreated':
      return {
        message: `Gelir eklendi${tl(event.data.income.pricing.totalPrice)}`,
        details: { income_type: event.data.income.incomeType },
      };
    case 'IncomeUpdated':
      return { message: `Gelir güncellendi${tl(event.data.income.pricing.totalPrice)}`, details: {} };
    case 'IncomeDeleted':
      return { message: 'Gelir silindi', details: { order_income_id: event.data.incomeId } };
    case 'OperationCreated':
      return {
        message: `Operasyon eklendi: ${event.data.operation.operationType}`,
        details: { operation_type: event.data.operation.operationType },
      };
    case 'OperationUpdated':
      return { message: `Operasyon güncellendi: ${event.data.operation.operationType}`, details: {} };
    case 'OperationDeleted':
      return { message: 'Operasyon silindi', details: { order_operation_id: event.data.operationId } };
    case 'InvoiceCreated':
      return {
        message: `Fatura eklendi (${event.data.invoice.invoicePlatform})`,
        details: { invoice_platform: event.data.invoice.invoicePlatform },
      };
    case 'InvoiceUpdated':
      return { message: 'Fatura güncellendi', details: {} };
    case 'InvoiceDeleted':
      return { message: 'Fatura silindi', details: { order_invoice_id: event.data.invoiceId } };
    case 'DriverAssigned':
      return {
        message: `Sürücü atandı (${event.data.driver.driverStatus})`,
        details: { user_id: event.data.driver.userId, driver_status: event.data.driver.driverStatus },
      };
    case 'DriverUpdated':
      return {
        message: `Sürücü durumu: ${event.data.driver.driverStatus}`,
        details: { user_id: event.data.driver.userId, driver_status: event.data.driver.driverStatus },
      };
    case 'DriverRemoved':
      return { message: 'Sürücü kaldırıldı', details: { user_id: event.data.userId } };
    case 'PaymentCreated':
      return {
        message: `Ödeme oluşturuldu (${event.data.payment.paymentMethod})${tl(event.data.payment.amount)}`,
        details: {
          payment_method: event.data.payment.paymentMethod,
          payment_status: event.data.payment.paymentStatus,
        },
      };
    case 'PaymentUpdated':
      return {
        message: `Ödeme durumu: ${event.data.payment.paymentStatus}`,
        details: { payment_status: event.data.payment.paymentStatus },
      };
    case 'PaymentDeleted':
      return { message: 'Ödeme silindi', details: { order_payment_id: event.data.paymentId } };
    case 'PaymentSucceeded':
      return {
        message: `Ödeme alındı${tl(event.data.amount)}`,
        details: { order_payment_id: event.data.paymentId },
      };
    case 'PaymentFailed':
      return {
        message: `Ödeme başarısız${event.data.errorCode ? ` (${event.data.errorCode})` : ''}`,
        details: { order_payment_id: event.data.paymentId },
      };
    case 'OfferCreated':
      return {
        message: `Teklif verildi${tl(event.data.offer.price)}`,
        details: { order_offer_id: event.data.offer.offerId },
      };
    case 'OfferApproved':
      return {
        message: `Teklif onaylandı${tl(event.data.price)}`,
        details: { order_offer_id: event.data.offerId },
      };
    case 'OfferUpdated':
      return {
        message: `Teklif durumu: ${event.data.offerStatus}`,
        details: { order_offer_id: event.data.offerId },
      };
    case 'OfferDeleted':
      return { message: 'Teklif silindi', details: { order_offer_id: event.data.offerId } };
    case 'DocumentCreated':
      return {
        message: `Doküman eklendi: ${event.data.document.docType}`,
        details: { doc_type: event.data.document.docType },
      };
    case 'DocumentUpdated':
      return {
        message: `Doküman durumu: ${event.data.document.docStatus}`,
        details: { doc_status: event.data.document.docStatus },
      };
    case 'DocumentDeleted':
      return { message: 'Doküman silindi', details: { order_doc_id: event.data.documentId } };
    default: {
      const unknown: never = event;
      return { message: String((unknown as { type: string }).type), details: { at: d.at } };
    }
  }
}

export const orderLogColumns = [
  'position',
  'order_id',
  'tenant_id',
  'stream_version',
  'event_type',
  'actor',
  'message',
  'details',
  'correlation_id',
  'occurred_at',
  'recorded_at',
] as const;

/** The order's history: one row per event, keyed by its global position. */
export const orderLogsProjection: ReadModelProjection = {
  name: 'order-logs',
  tables: ['order_logs'],
  async apply(stored: readonly StoredEvent[], db: Executor, targets: TableTargets) {
    const rows = projectedEvents(stored).map((e) => {
      const { message, details } = describeEvent(e.event);
      return {
        position: String(e.position),
        order_id: e.orderId,
        tenant_id: e.tenantId ?? (e.event.type === 'OrderCreated' ? e.event.data.tenantId : null),
        stream_version: e.version,
        event_type: e.event.type,
        actor: e.actor ?? e.event.data.actorId,
        message,
        details,
        correlation_id: e.correlationId ?? null,
        occurred_at: e.event.data.at,
        recorded_at: e.recordedAt.toISOString(),
      };
    });
    // Keyed by position: an event already logged is left as it is.
    await upsertRows(db, targetOf(targets, 'order_logs'), rows, {
      key: ['position'],
      columns: orderLogColumns,
      mode: 'ignore',
    });
  },
};
