// The cross-order reads of the v3 spec, answered from the read models that services/projector
// builds: list (2), export (11), report (12), suspended report (13), print pages (14, 15),
// logs (16) and balances (18, 19). Each answer says how far its projection is
// (`x-projection-position`) and `?min_position=` waits for it (see queries/projection.ts).
//
// The spec writes report, suspended-report and export under `/:order_id/` although they cover
// every order of the tenant: any placeholder is accepted there (`/v3/orders/all/report`); a
// uuid must name one of the caller's orders (else 404), so these routes never tell another
// tenant's order ids apart from unknown ones.
import { PassThrough } from 'node:stream';
import {
  anyOrderIdParams,
  balancesQuery,
  exportQuery,
  orderIdParams,
  orderListQuery,
  orderLogsQuery,
  printLinksQuery,
  printLoadBarcodeQuery,
  printReceiptQuery,
  reportQuery,
  suspendedReportQuery,
  uuid,
} from '@orders/contracts';
import type { Order } from '@orders/domain';
import {
  listBalances,
  listOrders,
  listSuspended,
  orderLogs,
  orderReport,
  type OrderListQuery,
} from '@orders/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../http/auth.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { ok } from '../http/reply.ts';
import { lira } from '../mapping/money.ts';
import { writeCsv, writeXlsx } from '../queries/export.ts';
import { orderListItemOut, suspendedItemOut } from '../queries/items.ts';
import { checkPrintLink, renderLoadLabels, renderReceipt, signedPrintLink } from '../queries/print.ts';
import { projectionHeaders, readModels } from '../queries/projection.ts';
import { visibleOrder } from './orders.ts';
import type { App, RouteDeps } from './types.ts';

const defaultPage = { index: 0, size: 20 };

/** The current year in Türkiye (the report's default `report_year`). */
const currentYear = () => new Date(Date.now() + 3 * 3_600_000).getUTCFullYear();

export function registerQueryRoutes(app: App, deps: RouteDeps): void {
  const db = readModels(deps);

  /** The placeholder of a cross-order route: anything, but a uuid must be the caller's order. */
  async function checkPlaceholder(request: FastifyRequest, orderId: string): Promise<void> {
    if (!uuid.safeParse(orderId).success) return;
    const { state } = await deps.orders.load(orderId);
    visibleOrder(state, callerOf(request).tenantId, orderId);
  }

  const listQueryOf = (
    request: FastifyRequest,
    q: {
      filter?: OrderListQuery['filter'];
      deep_search?: OrderListQuery['deepSearch'];
      search?: string | undefined;
      sort?: OrderListQuery['sort'];
    },
  ): OrderListQuery => ({
    tenantId: callerOf(request).tenantId,
    filter: q.filter,
    deepSearch: q.deep_search,
    search: q.search,
    sort: q.sort,
  });

  // 2. List Orders
  app.get('/v3/orders', { schema: { querystring: orderListQuery } }, async (request, reply) => {
    const q = request.query;
    await projectionHeaders(deps, reply, 'order-list', q.min_position);
    const page = q.page ?? defaultPage;
    const { items, rows } = await listOrders(db, { ...listQueryOf(request, q), page });
    return ok(reply, { items, page: page.index, data: rows.map(orderListItemOut) });
  });

  // 11. Export — CSV or XLSX, streamed.
  app.get(
    '/v3/orders/:order_id/export',
    { schema: { params: anyOrderIdParams, querystring: exportQuery } },
    async (request, reply) => {
      await checkPlaceholder(request, request.params.order_id);
      const q = request.query;
      await projectionHeaders(deps, reply, 'order-list', q.min_position);
      const query = listQueryOf(request, q);
      const out = new PassThrough({ highWaterMark: 256 * 1024 });
      const stamp = new Date().toISOString().slice(0, 10);
      const write = q.format === 'xlsx' ? writeXlsx : writeCsv;
      reply
        .header(
          'content-type',
          q.format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="orders-${stamp}.${q.format}"`)
        .header('cache-control', 'no-store');
      write(db, query, out).catch((error: unknown) => {
        request.log.error({ err: error }, 'export failed while streaming');
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply.send(out);
    },
  );

  // 12. Report
  app.get(
    '/v3/orders/:order_id/report',
    { schema: { params: anyOrderIdParams, querystring: reportQuery } },
    async (request, reply) => {
      await checkPlaceholder(request, request.params.order_id);
      await projectionHeaders(deps, reply, 'report', request.query.min_position);
      const report = await orderReport(
        db,
        callerOf(request).tenantId,
        request.query.filter ?? {},
        currentYear(),
      );
      const money = <
        T extends {
          total_amount: number;
          statuses: Record<string, { orders: number; total_amount: number }>;
        },
      >(
        p: T,
      ) => ({
        ...p,
        total_amount: lira(p.total_amount),
        statuses: Object.fromEntries(
          Object.entries(p.statuses).map(([s, c]) => [
            s,
            { orders: c.orders, total_amount: lira(c.total_amount) },
          ]),
        ),
      });
      return ok(reply, {
        report_year: report.report_year,
        monthly: report.monthly.map(money),
        yearly: report.yearly.map(money),
      });
    },
  );

  // 13. Suspended Report
  app.get(
    '/v3/orders/:order_id/suspended-report',
    { schema: { params: anyOrderIdParams, querystring: suspendedReportQuery } },
    async (request, reply) => {
      await checkPlaceholder(request, request.params.order_id);
      await projectionHeaders(deps, reply, 'order-list', request.query.min_position);
      const page = request.query.page ?? defaultPage;
      const { items, rows } = await listSuspended(db, {
        tenantId: callerOf(request).tenantId,
        search: request.query.search,
        suspendedAfterHours: deps.config.SUSPENDED_AFTER_HOURS,
        page,
      });
      return ok(reply, { items, page: page.index, data: rows.map(suspendedItemOut) });
    },
  );

  // 16. Order Logs
  app.get(
    '/v3/orders/:order_id/logs',
    { schema: { params: orderIdParams, querystring: orderLogsQuery } },
    async (request, reply) => {
      await projectionHeaders(deps, reply, 'order-logs', request.query.min_position);
      const page = request.query.page ?? defaultPage;
      const logs = await orderLogs(db, {
        tenantId: callerOf(request).tenantId,
        orderId: request.params.order_id,
        page,
      });
      if (!logs) throw notFound('order', request.params.order_id);
      return ok(reply, {
        items: logs.items,
        page: page.index,
        data: logs.rows.map((r) => ({
          position: r.position,
          version: Number(r.stream_version),
          event_type: r.event_type,
          actor: r.actor,
          message: r.message,
          details: r.details,
          correlation_id: r.correlation_id,
          occurred_at: r.occurred_at.toISOString(),
          recorded_at: r.recorded_at.toISOString(),
        })),
      });
    },
  );

  // 18, 19. Calculate Balance — customers, branches
  for (const kind of ['customer', 'branch'] as const) {
    app.get(`/v3/orders/calculate-balances/${kind === 'customer' ? 'customers' : 'branches'}`, {
      schema: { querystring: balancesQuery },
      handler: async (request, reply) => {
        const q = request.query;
        await projectionHeaders(deps, reply, 'balances', q.min_position);
        const page = q.page ?? defaultPage;
        const { items, rows } = await listBalances(db, {
          tenantId: callerOf(request).tenantId,
          kind,
          partyIds: kind === 'customer' ? q.filter?.customer_id : q.filter?.branch_id,
          minDate: q.filter?.min_date,
          maxDate: q.filter?.max_date,
          sort: q.sort,
          page,
        });
        return ok(reply, {
          items,
          page: page.index,
          data: rows.map((r) => ({
            [`${kind}_id`]: r.party_id,
            orders: r.orders,
            incomes_total: lira(r.incomes),
            expenses_total: lira(r.expenses),
            invoices_total: lira(r.invoiced),
            payments_paid_total: lira(r.paid),
            balance: lira(r.balance),
            profit: lira(r.profit),
          })),
        });
      },
    });
  }

  // The signed links of the print pages (authenticated): the caller must see the order.
  app.get(
    '/v3/orders/:order_id/print-links',
    { schema: { params: orderIdParams, querystring: printLinksQuery } },
    async (request, reply) => {
      const orderId = request.params.order_id;
      const { state } = await deps.orders.load(orderId);
      const order = visibleOrder(state, callerOf(request).tenantId, orderId);
      const barcodes = request.query.barcodes ?? order.loads.map((l) => l.loadNo).join(',');
      loadsNamed(order, barcodes);
      const now = Math.floor(Date.now() / 1000);
      const { PRINT_LINK_SECRET: secret, PRINT_LINK_TTL_SECONDS: ttl } = deps.config;
      const labels = signedPrintLink(secret, `/v3/orders/${orderId}/print-load-barcode`, barcodes, now, ttl);
      const receipt = signedPrintLink(secret, `/v3/orders/${orderId}/print-receipt`, null, now, ttl);
      return ok(reply, {
        print_load_barcode: labels.url,
        print_receipt: receipt.url,
        expires_at: new Date(labels.expires * 1000).toISOString(),
      });
    },
  );

  /** The order of a verified print link (not found when deleted or gone). */
  async function printedOrder(
    request: FastifyRequest,
    reply: FastifyReply,
    orderId: string,
    barcodes: string,
    link: { expires?: number | undefined; signature?: string | undefined },
  ): Promise<Order> {
    const path = request.url.split('?')[0]!;
    const check = checkPrintLink(
      deps.config.PRINT_LINK_SECRET,
      { path, barcodes, expires: link.expires, signature: link.signature },
      Math.floor(Date.now() / 1000),
    );
    if (check !== 'ok') {
      throw new HttpError(
        403,
        check === 'expired' ? 'PRINT_LINK_EXPIRED' : 'PRINT_LINK_INVALID',
        {
          missing: 'a print page needs the signed link that GET /v3/orders/:order_id/print-links hands out',
          invalid: 'the print link signature does not match',
          expired: 'the print link has expired; ask for a new one',
        }[check],
        [{ path: 'querystring.signature', reason: check }],
      );
    }
    const { state } = await deps.orders.load(orderId);
    if (!state.exists || state.deletedAt !== null) throw notFound('order', orderId);
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    return state;
  }

  // 14. Print Load Barcode (unauthenticated: a signed link)
  app.get(
    '/v3/orders/:order_id/print-load-barcode',
    { config: { public: true }, schema: { params: orderIdParams, querystring: printLoadBarcodeQuery } },
    async (request, reply) => {
      const q = request.query;
      const order = await printedOrder(request, reply, request.params.order_id, q.barcodes, q);
      return reply.send(await renderLoadLabels(order, loadsNamed(order, q.barcodes)));
    },
  );

  // 15. Print Receipt (unauthenticated: a signed link)
  app.get(
    '/v3/orders/:order_id/print-receipt',
    { config: { public: true }, schema: { params: orderIdParams, querystring: printReceiptQuery } },
    async (request, reply) => {
      const order = await printedOrder(request, reply, request.params.order_id, '', request.query);
      return reply.send(renderReceipt(order));
    },
  );
}

/** The order's loads named by a comma-separated list of load numbers (404 naming an unknown one). */
function loadsNamed(order: Order, barcodes: string) {
  const names = barcodes
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (names.length === 0) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'barcodes names no load', [
      { path: 'querystring.barcodes', reason: 'expected load numbers separated by commas' },
    ]);
  }
  return names.map((name) => {
    const load = order.loads.find((l) => l.loadNo === name);
    if (!load)
      throw new HttpError(404, 'LOAD_NOT_FOUND', `the order has no load ${name}`, [
        { path: 'querystring.barcodes', reason: `no load ${name}` },
      ]);
    return load;
  });
}
