/** One HTTP answer: status, headers and the parsed JSON body (or the text when it is not JSON). */
export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The v3 envelope every order-api answer carries. */
export interface Envelope<T> {
  success: boolean;
  data: T;
  error: { code: string; message: string; details?: { path: string; reason: string }[] } | null;
}

/** A page of a v3 list. */
export interface Page<T> {
  items: number;
  page: number;
  data: T[];
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Requests against `base` with `headers` on each (plus JSON content type when a body is sent). */
export function httpClient(base: string, headers: Record<string, string> = {}) {
  async function request<T>(
    method: Method,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      redirect: 'manual',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    base,
    request,
    get: <T>(path: string, extra?: Record<string, string>) => request<T>('GET', path, undefined, extra),
    post: <T>(path: string, body?: unknown, extra?: Record<string, string>) =>
      request<T>('POST', path, body ?? {}, extra),
  };
}

export type HttpClient = ReturnType<typeof httpClient>;

/**
 * Polls `probe` until it returns a value other than undefined; throws after `timeoutMs` with
 * `what` and the last value seen (so a failure says where the flow stopped).
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
  const seen = options.describe ? await options.describe().catch((e: unknown) => String(e)) : '';
  throw new Error(
    `timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}${seen ? `\n${seen}` : ''}`,
  );
}
