// The print pages (spec 14, 15): unauthenticated, as the spec says, so they answer only a
// signed, expiring link — HMAC-SHA256 over the path, the barcodes and the expiry with
// PRINT_LINK_SECRET, checked in constant time — that the authenticated
// `GET /:order_id/print-links` hands out. Load labels are laid out for a 100×150 mm thermal
// label, one per page, with a Code 128 of the load number (bwip-js, PNG); the receipt is an
// A5 page with print CSS.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatLira, type Load, type Order, type Route } from '@orders/domain';
import { statusLabels } from '@orders/read-models';
import { toBuffer } from 'bwip-js';

/** What a print link signs: the path (it names the order), the barcodes asked and the expiry (unix seconds). */
export function printSignature(secret: string, path: string, barcodes: string, expires: number): string {
  return createHmac('sha256', secret).update(`${path}\n${barcodes}\n${expires}`).digest('base64url');
}

export type PrintLinkCheck = 'ok' | 'missing' | 'expired' | 'invalid';

/** Checks a print link's signature (constant time) and expiry. */
export function checkPrintLink(
  secret: string,
  link: { path: string; barcodes: string; expires: number | undefined; signature: string | undefined },
  nowSeconds: number,
): PrintLinkCheck {
  if (link.expires === undefined || link.signature === undefined) return 'missing';
  const expected = Buffer.from(printSignature(secret, link.path, link.barcodes, link.expires));
  const given = Buffer.from(link.signature);
  // Compare in constant time (on equal lengths; a length mismatch reveals only the length of a base64url HMAC).
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  if (!valid) return 'invalid';
  return link.expires < nowSeconds ? 'expired' : 'ok';
}

/** `path?barcodes=…&expires=…&signature=…` for `path`, valid `ttlSeconds` from `nowSeconds`. */
export function signedPrintLink(
  secret: string,
  path: string,
  barcodes: string | null,
  nowSeconds: number,
  ttlSeconds: number,
): { url: string; expires: number } {
  const expires = nowSeconds + ttlSeconds;
  const signature = printSignature(secret, path, barcodes ?? '', expires);
  const query = new URLSearchParams({
    ...(barcodes === null ? {} : { barcodes }),
    expires: String(expires),
    signature,
  });
  return { url: `${path}?${query.toString()}`, expires };
}

const escapeHtml = (text: string | number | undefined | null): string =>
  text === undefined || text === null
    ? ''
    : String(text).replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      );

const personOf = (route: Route | undefined) => {
  const p = route?.person;
  const name = p?.fullname ?? [p?.firstname, p?.lastname].filter(Boolean).join(' ');
  return {
    name: name || p?.company?.titleLegal || p?.company?.titleBrand || '',
    phone: p?.phone ?? '',
    address: route?.address?.fullAddress ?? '',
  };
};

const sideRoutes = (order: Order) => ({
  sender: personOf(
    order.routes.find((r) => r.routeType === 'origin') ??
      order.routes.find((r) => r.routeType === 'departure'),
  ),
  receiver: personOf(
    order.routes.find((r) => r.routeType === 'destination') ??
      order.routes.find((r) => r.routeType === 'arrival'),
  ),
});

const page = (title: string, css: string, body: string) => `<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="robots" content="noindex"><style>${css}</style></head>
<body>${body}</body></html>`;

/** A Code 128 of `text` as a PNG data URI. */
export async function barcodePng(text: string): Promise<string> {
  const png = await toBuffer({
    bcid: 'code128',
    text,
    scale: 3,
    height: 14,
    includetext: true,
    textxalign: 'center',
  });
  return `data:image/png;base64,${png.toString('base64')}`;
}

const labelCss = `
@page { size: 100mm 150mm; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; color: #000; }
.label { width: 100mm; height: 150mm; padding: 5mm; display: flex; flex-direction: column; gap: 3mm;
  page-break-after: always; break-after: page; overflow: hidden; }
.label:last-child { page-break-after: auto; break-after: auto; }
.head { display: flex; justify-content: space-between; font-size: 11pt; font-weight: bold; border-bottom: 0.6mm solid #000; padding-bottom: 2mm; }
.party { font-size: 9pt; line-height: 1.3; }
.party b { display: block; font-size: 7pt; text-transform: uppercase; letter-spacing: 0.3mm; }
.party .name { font-size: 12pt; font-weight: bold; }
.barcode { margin-top: auto; text-align: center; }
.barcode img { width: 86mm; height: 34mm; object-fit: contain; image-rendering: pixelated; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; border-top: 0.4mm solid #000; padding-top: 2mm; }
@media screen { body { background: #ddd; } .label { background: #fff; margin: 4mm auto; box-shadow: 0 0 2mm #999; } }
`;

/** The labels of `loads` (one 100×150 mm page each). */
export async function renderLoadLabels(order: Order, loads: readonly Load[]): Promise<string> {
  const { sender, receiver } = sideRoutes(order);
  const labels = await Promise.all(
    loads.map(async (load, i) => {
      const image = await barcodePng(load.loadNo);
      return `<section class="label" data-load-no="${escapeHtml(load.loadNo)}">
  <div class="head"><span>${escapeHtml(order.orderNo)}</span><span>${i + 1}/${loads.length}</span></div>
  <div class="party"><b>Gönderici</b><div class="name">${escapeHtml(sender.name)}</div>${escapeHtml(sender.phone)}<br>${escapeHtml(sender.address)}</div>
  <div class="party"><b>Alıcı</b><div class="name">${escapeHtml(receiver.name)}</div>${escapeHtml(receiver.phone)}<br>${escapeHtml(receiver.address)}</div>
  <div class="barcode"><img class="barcode-image" alt="${escapeHtml(load.loadNo)}" src="${image}"></div>
  <div class="meta"><span>${escapeHtml(load.loadType)}${load.weight ? ` · ${escapeHtml(load.weight)} kg` : ''}</span><span>Yük ${escapeHtml(load.loadNo)}</span></div>
</section>`;
    }),
  );
  return page(`${order.orderNo} yük etiketleri`, labelCss, labels.join('\n'));
}

const receiptCss = `
@page { size: A5; margin: 10mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #000; max-width: 148mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4mm; border-bottom: 0.6mm solid #000; padding-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; margin: 3mm 0; }
th, td { text-align: left; padding: 1mm 1.5mm; border-bottom: 0.2mm solid #999; }
td.amount, th.amount { text-align: right; }
.parties { display: flex; gap: 6mm; } .parties div { flex: 1; }
.total td { font-weight: bold; border-top: 0.5mm solid #000; }
@media print { a { color: inherit; text-decoration: none; } }
`;

/** The receipt: the order, its parties, loads, pricing and payments. */
export function renderReceipt(order: Order): string {
  const { sender, receiver } = sideRoutes(order);
  const p = order.pricing;
  const money = (k: number | undefined) => (k === undefined ? '' : `${formatLira(k)} TL`);
  const rows = (pairs: [string, number | undefined][]) =>
    pairs
      .filter(([, v]) => v !== undefined)
      .map(([label, v]) => `<tr><td>${label}</td><td class="amount">${money(v)}</td></tr>`)
      .join('');
  const loads = order.loads
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.loadNo)}</td><td>${escapeHtml(l.loadType)}</td><td>${escapeHtml(l.quantity ?? 1)}</td><td class="amount">${money(l.pricing?.totalAmount)}</td></tr>`,
    )
    .join('');
  const paid = order.payments.filter((x) => x.paymentStatus === 'paid');
  const body = `<h1>Makbuz — ${escapeHtml(order.orderNo)}</h1>
<p>Tarih: ${escapeHtml(order.createdAt.slice(0, 10))} · Durum: ${escapeHtml(statusLabels[order.status])}${order.receiptNumber ? ` · Makbuz no: ${escapeHtml(order.receiptNumber)}` : ''}</p>
<div class="parties">
  <div><h2>Gönderici</h2><p>${escapeHtml(sender.name)}<br>${escapeHtml(sender.phone)}<br>${escapeHtml(sender.address)}</p></div>
  <div><h2>Alıcı</h2><p>${escapeHtml(receiver.name)}<br>${escapeHtml(receiver.phone)}<br>${escapeHtml(receiver.address)}</p></div>
</div>
<table><thead><tr><th>Yük no</th><th>Tip</th><th>Adet</th><th class="amount">Tutar</th></tr></thead><tbody>${loads}</tbody></table>
<table><tbody>${
    p
      ? rows([
          ['Ara toplam', p.subTotalAmount],
          [`KDV (%${p.vat})`, p.vatAmount],
        ]) + `<tr class="total"><td>Toplam</td><td class="amount">${money(p.totalAmount)}</td></tr>`
      : '<tr><td>Fiyat bilgisi yok</td><td></td></tr>'
  }</tbody></table>
<table><thead><tr><th>Ödeme</th><th class="amount">Tutar</th></tr></thead><tbody>${
    paid
      .map(
        (x) => `<tr><td>${escapeHtml(x.paymentMethod)}</td><td class="amount">${money(x.amount)}</td></tr>`,
      )
      .join('') || '<tr><td>Ödeme yok</td><td></td></tr>'
  }</tbody></table>`;
  return page(`${order.orderNo} makbuz`, receiptCss, body);
}
