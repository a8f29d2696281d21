// Test support: headless Chromium (Debian's `chromium`) driven over the DevTools protocol with
// Node's own WebSocket — open a page, read its text and images, take a screenshot.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumInstall = 'apt-get update && apt-get install -y chromium';

/** Installs Debian's chromium when it is missing and we may (root); throws with the command otherwise. */
export async function ensureChromium(): Promise<string> {
  if (existsSync(chromiumPath)) return chromiumPath;
  if (process.getuid?.() === 0) {
    const code = await new Promise<number | null>((done) =>
      spawn('sh', ['-c', `${chromiumInstall} > /tmp/chromium-install.log 2>&1`], { stdio: 'ignore' }).on(
        'exit',
        done,
      ),
    );
    if (code === 0 && existsSync(chromiumPath)) return chromiumPath;
  }
  throw new Error(`headless Chromium is missing at ${chromiumPath}; install it with: ${chromiumInstall}`);
}

interface CdpMessage {
  id?: number;
  method?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface Browser {
  /** Opens `url`, waits for its load event, and gives its text, its images and a PNG screenshot. */
  render(
    url: string,
    viewport: { width: number; height: number },
  ): Promise<{
    text: string;
    images: { complete: boolean; width: number; className: string }[];
    png: Buffer;
  }>;
  close(): Promise<void>;
}

/** Launches headless Chromium with a throwaway profile. */
export async function launchChromium(): Promise<Browser> {
  const binary = await ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const child: ChildProcess = spawn(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${text}`)));
  });
  const socket = new WebSocket(endpoint);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  const listeners: ((m: CdpMessage) => void)[] = [];
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as CdpMessage;
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result ?? {});
    } else for (const listener of listeners) listener(message);
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  return {
    async render(url, viewport) {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as {
        targetId: string;
      };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
        sessionId: string;
      };
      await send('Page.enable', {}, sessionId);
      await send(
        'Emulation.setDeviceMetricsOverride',
        { ...viewport, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
      const loaded = new Promise<void>((resolve) =>
        listeners.push((m) => {
          if (m.sessionId === sessionId && m.method === 'Page.loadEventFired') resolve();
        }),
      );
      await send('Page.navigate', { url }, sessionId);
      await loaded;
      const evaluated = (await send(
        'Runtime.evaluate',
        {
          expression: `JSON.stringify({ text: document.body.innerText, images: [...document.images].map((i) => ({ complete: i.complete, width: i.naturalWidth, className: i.className })) })`,
          returnByValue: true,
        },
        sessionId,
      )) as { result: { value: string } };
      const { data } = (await send(
        'Page.captureScreenshot',
        { format: 'png', captureBeyondViewport: true },
        sessionId,
      )) as {
        data: string;
      };
      await send('Target.closeTarget', { targetId });
      return {
        ...(JSON.parse(evaluated.result.value) as { text: string; images: [] }),
        png: Buffer.from(data, 'base64'),
      };
    },
    async close() {
      socket.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
