// The print pages rendered by a real browser: headless Chromium opens the signed links on a
// listening order-api, the text is there, every barcode image decoded, and the screenshots are
// kept in test-artifacts/ (git-ignored) for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody } from '../test-support/bodies.ts';
import { startTestApp, type TestApp } from '../test-support/app.ts';
import { launchChromium, type Browser } from './chromium.ts';

const artifacts = resolve(fileURLToPath(import.meta.url), '../../../test-artifacts');
let t: TestApp;
let browser: Browser;
let base: string;
let orderId: string;
let orderNo: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/v3/orders',
    headers: t.tenantA,
    payload: orderBody(),
  });
  orderId = created.json().data.order_id;
  orderNo = created.json().data.order_no;
  mkdirSync(artifacts, { recursive: true });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const links = async () =>
  (await t.app.inject({ method: 'GET', url: `/v3/orders/${orderId}/print-links`, headers: t.tenantA })).json()
    .data as {
    print_load_barcode: string;
    print_receipt: string;
  };

describe('print pages in headless Chromium', () => {
  it('the load labels show the order, the parties and one decoded Code 128 image per load', async () => {
    // 100 × 150 mm at 96 dpi is 378 × 567 px; four labels stacked.
    const page = await browser.render(`${base}${(await links()).print_load_barcode}`, {
      width: 400,
      height: 600,
    });
    writeFileSync(resolve(artifacts, 'print-load-barcode.png'), page.png);
    expect(page.text).toContain(orderNo);
    expect(page.text).toContain('Ayşe Yılmaz');
    // The labels' headings are upper-cased by CSS; with lang="tr" the browser does it the Turkish way.
    expect(page.text).toContain('GÖNDERİCİ');
    expect(page.text).toContain('ALICI');
    expect(page.text).toContain('Yük LOAD-001');
    const barcodes = page.images.filter((i) => i.className === 'barcode-image');
    expect(barcodes).toHaveLength(4);
    for (const image of barcodes) {
      expect(image.complete).toBe(true);
      expect(image.width).toBeGreaterThan(100);
    }
    expect(page.png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('the receipt shows the order number, the parties and the total', async () => {
    const page = await browser.render(`${base}${(await links()).print_receipt}`, {
      width: 800,
      height: 1000,
    });
    writeFileSync(resolve(artifacts, 'print-receipt.png'), page.png);
    expect(page.text).toContain(`Makbuz — ${orderNo}`);
    expect(page.text).toContain('Ayşe Yılmaz');
    expect(page.text).toContain('1593.00 TL');
  });

  it('without the signature the browser gets the 403 answer, not the page', async () => {
    const page = await browser.render(`${base}/v3/orders/${orderId}/print-receipt`, {
      width: 800,
      height: 600,
    });
    expect(page.text).toContain('PRINT_LINK_INVALID');
    expect(page.text).not.toContain(orderNo);
  });
});
