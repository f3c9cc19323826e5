import { constants, brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { guardedLookup, literalBlocked, type AddressPolicy } from './address.ts';

/** One HTTP exchange: a response (any status) or the error that stood in its way. */
export type Exchange =
  | {
      kind: 'response';
      url: string;
      method: 'GET' | 'HEAD';
      status: number;
      /** The headers the classification reads, lower-cased names. */
      headers: Record<string, string>;
      /** The start of the body as text (decompressed, capped), for soft-404 and challenge checks. */
      text: string;
      /** Why `text` is not the whole body, when it is not. */
      bodyNote?: 'truncated' | 'timeout' | 'decompression-limit' | 'error';
    }
  | { kind: 'error'; url: string; method: 'GET' | 'HEAD'; code: string; message: string };

export interface ProbeSettings {
  userAgent: string;
  policy: AddressPolicy;
  /** Connection timeout (ms). */
  connectTimeout: number;
  /** From sending the request to the end of the response headers (ms). */
  headersTimeout: number;
  /** Between two body chunks (ms). */
  bodyTimeout: number;
  /**
   * Bound on one whole exchange, body included: a slow drip cannot hold a slot longer (ms).
   * Cheapest when connectTimeout + headersTimeout fit in it (then they bound the wait for
   * the headers and no per-request signal is needed).
   */
  requestTimeout: number;
  /** Bytes of body read at most; the rest is never downloaded. */
  maxBodyBytes: number;
  /** Bytes of decompressed body kept at most: a gzip bomb stops here. */
  maxTextBytes: number;
  /** Connections kept per origin: at least the per-host limit, so the scheduler does the queueing. */
  connectionsPerOrigin: number;
}

const KEPT_HEADERS = [
  'location',
  'retry-after',
  'content-type',
  'content-encoding',
  'server',
  'cf-mitigated',
  'cf-ray',
  'www-authenticate',
  'x-datadome',
  'set-cookie',
] as const;

/** The HTTP client of one run: a single undici Agent whose every connection goes through the address guard. */
export class Prober {
  private readonly agent: Agent;
  /** HTTP responses received in this run (any status): proof that the network works from here. */
  responses = 0;
  /** Whether the wait for the headers needs a signal of its own to stay within `requestTimeout`. */
  private readonly signalled: boolean;

  constructor(private readonly settings: ProbeSettings) {
    // undici's own timers tick coarsely (about half a second): a second of slack.
    this.signalled = settings.connectTimeout + settings.headersTimeout + TIMER_SLACK > settings.requestTimeout;
    this.agent = new Agent({
      connections: settings.connectionsPerOrigin,
      keepAliveTimeout: 10_000,
      headersTimeout: settings.headersTimeout,
      bodyTimeout: settings.bodyTimeout,
      connect: { timeout: settings.connectTimeout, lookup: guardedLookup(settings.policy) },
    });
  }

  async exchange(url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Exchange> {
    const host = new URL(url).hostname;
    const blocked = literalBlocked(host, this.settings.policy);
    if (blocked) return { kind: 'error', url, method, code: blocked.code, message: blocked.message };
    // Until the headers, the connect and headers timeouts bound the wait when together they
    // fit in `requestTimeout`; after them a timer destroys the body once the whole exchange
    // has taken `requestTimeout`. An AbortSignal.timeout on every request did the same for a
    // tenth of the client's CPU at a few thousand checks a second, so it is only used when
    // the two timeouts alone could outlast the bound.
    const start = performance.now();
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method,
        dispatcher: this.agent,
        ...(this.signalled ? { signal: AbortSignal.timeout(this.settings.requestTimeout) } : {}),
        headers: {
          'user-agent': this.settings.userAgent,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=0.9, *;q=0.5',
        },
      });
    } catch (err) {
      return { kind: 'error', url, method, ...errorOf(err) };
    }
    this.responses++;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const v = response.headers[name];
      if (v === undefined) continue;
      if (name === 'location') {
        // The first of repeated Locations, whole (an SSO redirect runs to thousands of
        // characters, and a cut one asks for another page), its raw UTF-8 read as UTF-8.
        const first = Array.isArray(v) ? v[0]! : v;
        if (first.length <= MAX_LOCATION) headers[name] = utf8Of(first);
        continue;
      }
      headers[name] = (Array.isArray(v) ? v.join(', ') : v).slice(0, 2000);
    }
    const base = { kind: 'response' as const, url, method, status: response.statusCode, headers };
    const { body } = response;
    const left = Math.max(0, this.settings.requestTimeout - (performance.now() - start));
    const timer = setTimeout(() => body.destroy(new BodyTimeout()), left);
    try {
      if (method === 'HEAD' || (response.statusCode >= 300 && response.statusCode < 400)) {
        await body.dump({ limit: 16_384 }).catch(() => undefined);
        return { ...base, text: '' };
      }
      const { bytes, note } = await readBounded(body, this.settings.maxBodyBytes);
      const decoded = decodeBody(bytes, headers['content-encoding'], this.settings.maxTextBytes);
      const bodyNote = decoded.note ?? note;
      return { ...base, text: decoded.text, ...(bodyNote ? { bodyNote } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy().catch(() => undefined);
  }
}

/** Reads at most `limit` bytes, then drops the connection: an endless body costs `limit`, never more. */
async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(): void },
  limit: number,
): Promise<{ bytes: Buffer; note?: 'truncated' | 'timeout' | 'error' }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        body.destroy();
        return { bytes: Buffer.concat(chunks).subarray(0, limit), note: 'truncated' };
      }
    }
  } catch (err) {
    const { code } = errorOf(err);
    return { bytes: Buffer.concat(chunks), note: isTimeoutCode(code) ? 'timeout' : 'error' };
  }
  return { bytes: Buffer.concat(chunks) };
}

/**
 * Decompresses the sample, stopping at `limit` output bytes; a truncated stream gives what it
 * has. A body that decompresses past the limit keeps the text of the longest half, quarter...
 * of its compressed bytes that stays within it: a large page keeps its first part (its title,
 * its "not found"), a gzip bomb costs a few bounded passes.
 */
function decodeBody(
  bytes: Buffer,
  encoding: string | undefined,
  limit: number,
): { text: string; note?: 'decompression-limit' } {
  const enc = (encoding ?? '').trim().toLowerCase();
  const inflate = (input: Buffer): Buffer => {
    const opts = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: limit };
    if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(input, opts);
    if (enc === 'deflate') return inflateSync(input, opts);
    if (enc === 'br')
      return brotliDecompressSync(input, { finishFlush: constants.BROTLI_OPERATION_FLUSH, maxOutputLength: limit });
    return input;
  };
  try {
    return { text: inflate(bytes).subarray(0, limit).toString('utf8') };
  } catch (err) {
    if (!(err instanceof RangeError)) return { text: '' };
  }
  for (let length = bytes.length >> 1; length > 0; length >>= 1) {
    try {
      return { text: inflate(bytes.subarray(0, length)).toString('utf8'), note: 'decompression-limit' };
    } catch {
      // Still past the limit (or cut inside a header): a shorter prefix.
    }
  }
  return { text: '', note: 'decompression-limit' };
}

/** The longest Location followed; a longer one is no redirect we can follow (an unusable Location). */
const MAX_LOCATION = 16_384;

/** A header value as undici gives it (one character a byte), read as UTF-8 when its bytes are UTF-8. */
function utf8Of(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? value : text;
}

/** How late undici's connect and headers timeouts may fire (ms). */
const TIMER_SLACK = 1000;

/** The error a body cut at `requestTimeout` ends with (its name reads as a timeout). */
class BodyTimeout extends Error {
  override name = 'TimeoutError';
  readonly code = 'UND_ERR_REQUEST_TIMEOUT';
  constructor() {
    super('the exchange took longer than its overall time limit');
  }
}

export function isTimeoutCode(code: string): boolean {
  return /TIMEOUT|TimeoutError|AbortError|ETIMEDOUT/i.test(code);
}

/** A stable code for an undici or socket error: `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, `HPE_INVALID_CONSTANT`... */
function errorOf(err: unknown): { code: string; message: string } {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown } | undefined;
  const cause = e?.cause as { code?: unknown; message?: unknown } | undefined;
  const code =
    (typeof cause?.code === 'string' && cause.code) ||
    (typeof e?.code === 'string' && e.code) ||
    (typeof e?.name === 'string' && e.name) ||
    'UNKNOWN';
  const message = String(cause?.message ?? e?.message ?? err).slice(0, 300);
  return { code, message };
}
