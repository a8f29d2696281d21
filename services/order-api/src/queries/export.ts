// Export (`GET /:order_id/export`): the list's rows, with its filters, deep search and sort,
// streamed as CSV or XLSX. Rows come from a server-side cursor (DECLARE … FETCH 1000) in one
// read-only transaction, so the file is one consistent snapshot and at most one page of rows is
// in memory; each page waits for the client to take the previous one (backpressure).
import { once } from 'node:events';
import type { PassThrough } from 'node:stream';
import { formatLira } from '@orders/domain';
import {
  orderListSelection,
  type OrderListItem,
  type OrderListQuery,
  type ReadModelTables,
} from '@orders/read-models';
import ExcelJS from 'exceljs';
import { CompiledQuery, type Kysely } from 'kysely';

export const exportPageSize = 1_000;

type Cell = string | number | boolean | null;

/** The export's columns: a header (the spec's field names) and how to read it from a row. */
export const exportColumns: readonly { header: string; value: (row: OrderListItem) => Cell; money?: true }[] =
  [
    { header: 'order_no', value: (r) => r.order_no },
    { header: 'order_status', value: (r) => r.status },
    { header: 'order_type', value: (r) => r.order_type },
    { header: 'transport_mode', value: (r) => r.transport_mode },
    { header: 'transport_type', value: (r) => r.transport_type },
    { header: 'shipping_type', value: (r) => r.shipping_type },
    { header: 'payment_type', value: (r) => r.payment_type },
    { header: 'payment_method', value: (r) => r.payment_method },
    { header: 'departure_date', value: (r) => r.departure_date },
    { header: 'arrival_date', value: (r) => r.arrival_date },
    { header: 'created_at', value: (r) => r.created_at.toISOString() },
    { header: 'created_by', value: (r) => r.created_by },
    { header: 'sender_name', value: (r) => r.sender_name },
    { header: 'sender_phone', value: (r) => r.sender_phone },
    { header: 'origin_address', value: (r) => r.origin_address },
    { header: 'receiver_name', value: (r) => r.receiver_name },
    { header: 'receiver_phone', value: (r) => r.receiver_phone },
    { header: 'destination_address', value: (r) => r.destination_address },
    { header: 'has_invoice', value: (r) => r.has_invoice },
    { header: 'invoice_status', value: (r) => r.invoice_status },
    { header: 'collection_status', value: (r) => r.collection_status },
    { header: 'load_count', value: (r) => r.load_count },
    { header: 'total_amount', value: (r) => Number(r.total_amount), money: true },
    { header: 'paid_amount', value: (r) => Number(r.paid_amount), money: true },
    { header: 'invoiced_amount', value: (r) => Number(r.invoiced_amount), money: true },
    { header: 'order_id', value: (r) => r.order_id },
  ];

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; a text that a
 * spreadsheet would run as a formula (= + - @ at its start) is prefixed with an apostrophe.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: readonly Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

/** Resolves when `out` can take more (or is gone: then the export stops). */
async function drained(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return;
  await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

/** Reads the selection page by page through a server-side cursor, calling `page` for each. */
async function eachPage(
  db: Kysely<ReadModelTables>,
  query: OrderListQuery,
  out: PassThrough,
  page: (rows: OrderListItem[]) => Promise<void>,
): Promise<void> {
  await db.connection().execute(async (conn) => {
    const compiled = orderListSelection(conn, query).compile();
    await conn.executeQuery(CompiledQuery.raw('begin isolation level repeatable read read only'));
    try {
      await conn.executeQuery(
        CompiledQuery.raw(`declare order_export no scroll cursor for ${compiled.sql}`, [
          ...compiled.parameters,
        ]),
      );
      for (;;) {
        if (out.destroyed) break;
        const { rows } = await conn.executeQuery<OrderListItem>(
          CompiledQuery.raw(`fetch ${exportPageSize} from order_export`),
        );
        if (rows.length === 0) break;
        await page(rows);
        if (rows.length < exportPageSize) break;
      }
      await conn.executeQuery(CompiledQuery.raw('commit'));
    } catch (error) {
      await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
  });
}

/** Writes the CSV (UTF-8 with a BOM, so spreadsheets read Turkish letters) into `out` and ends it. */
export async function writeCsv(
  db: Kysely<ReadModelTables>,
  query: OrderListQuery,
  out: PassThrough,
): Promise<void> {
  out.write(`\uFEFF${csvLine(exportColumns.map((c) => c.header))}`);
  await eachPage(db, query, out, async (rows) => {
    let chunk = '';
    for (const row of rows) {
      chunk += csvLine(
        exportColumns.map((c) => (c.money ? formatLira(c.value(row) as number) : c.value(row))),
      );
    }
    out.write(chunk);
    await drained(out);
  });
  out.end();
}

/**
 * Bytes exceljs holds for a worksheet and has not yet handed to the zip: its sheet stream
 * (StreamBuf) writes into the zip entry without honouring backpressure, so a fast producer would
 * pile the whole sheet up in memory while deflate catches up (measured: 130 MB for 90,000 rows).
 * Read from its internals, guarded:
 * if they change shape this reads 0 and only the `out` backpressure remains.
 */
function xlsxBacklog(sheet: object): number {
  const stream = (sheet as { _stream?: { buffers?: unknown[]; pipes?: unknown[] } })._stream;
  if (!stream) return 0;
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  let bytes = 0;
  for (const buffer of stream.buffers ?? []) bytes += num((buffer as { length?: unknown }).length);
  // The zip entry it writes into is a readable-stream v2 PassThrough: its buffered bytes are in the states.
  for (const pipe of stream.pipes ?? []) {
    const p = pipe as { _writableState?: { length?: unknown }; _readableState?: { length?: unknown } };
    bytes += num(p._writableState?.length) + num(p._readableState?.length);
  }
  return bytes;
}

const xlsxBacklogLimit = 2 * 1024 * 1024;

/** Writes the XLSX with exceljs's streaming writer (each row committed as it is written) into `out`. */
export async function writeXlsx(
  db: Kysely<ReadModelTables>,
  query: OrderListQuery,
  out: PassThrough,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('orders');
  sheet.columns = exportColumns.map((c) => ({ header: c.header, key: c.header, width: c.money ? 14 : 20 }));
  await eachPage(db, query, out, async (rows) => {
    for (const row of rows) {
      sheet
        .addRow(exportColumns.map((c) => (c.money ? (c.value(row) as number) / 100 : c.value(row))))
        .commit();
    }
    await drained(out);
    while (xlsxBacklog(sheet) > xlsxBacklogLimit && !out.destroyed)
      await new Promise((r) => setTimeout(r, 5));
  });
  sheet.commit();
  await workbook.commit();
}
