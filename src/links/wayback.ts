import type { Checker } from './check.ts';
import type { LinkClass } from './classify.ts';
import type { Gate } from './gate.ts';
import type { Prober } from './probe.ts';

/** Where the Wayback Machine's APIs live; one `base` sends all three to a stand-in (tests). */
export interface WaybackEndpoints {
  cdx: string;
  availability: string;
  replay: string;
}

export const WAYBACK: WaybackEndpoints = {
  cdx: 'https://web.archive.org/cdx/search/cdx',
  availability: 'https://archive.org/wayback/available',
  replay: 'https://web.archive.org/web/',
};

export function endpointsAt(base: string): WaybackEndpoints {
  const b = base.replace(/\/+$/, '');
  return { cdx: `${b}/cdx/search/cdx`, availability: `${b}/wayback/available`, replay: `${b}/web/` };
}

/** A capture worth citing: its timestamp and the replay URL as an editor should paste it. */
export interface Capture {
  timestamp: string;
  url: string;
  /** YYYY-MM-DD, for `|archive-date=`. */
  date: string;
  /** `before` the access date, `after` it, or `latest` when there was no usable access date. */
  relation: 'before' | 'after' | 'latest';
  via: 'cdx' | 'availability';
}

export type ArchiveCheck =
  | { state: 'ok'; finalUrl: string; class: LinkClass }
  | { state: 'broken'; reason: string; class?: LinkClass; status?: number }
  | { state: 'unverified'; reason: string };

const WAYBACK_HOSTS = /^(?:web\.|wayback\.|liveweb\.)?archive\.org$/i;
const WAYBACK_PATH = /^\/web\/([^/]*)\/(.+)$/s;

/**
 * CS1's checks of a Wayback URL (Category:CS1 errors: archive-url): a `/save/` command,
 * a `*` wildcard, a timestamp that is not 14 digits, a flag that is not two letters and
 * `_`, the retired `liveweb.` host. Undefined when the URL is well formed or not Wayback.
 */
export function malformedWayback(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.startsWith('//') ? `https:${url}` : url);
  } catch {
    return undefined;
  }
  if (!WAYBACK_HOSTS.test(u.hostname)) return undefined;
  if (/^liveweb\./i.test(u.hostname)) return 'liveweb.archive.org is retired';
  if (/^\/save\//i.test(u.pathname)) return 'a /save/ command, not a capture';
  if (!/^\/web\//.test(u.pathname)) return undefined;
  const m = WAYBACK_PATH.exec(u.pathname + u.search);
  if (!m) return 'no archived URL after the timestamp';
  const stamp = m[1]!;
  if (stamp.includes('*')) return 'a wildcard (*) search, not a capture';
  const sm = /^(\d+)([a-z]{2}_)?$/.exec(stamp);
  if (!sm) return `"${stamp}" is not a timestamp with an optional two-letter flag`;
  if (sm[1]!.length !== 14) return `timestamp ${sm[1]} has ${sm[1]!.length} digits, not 14`;
  return undefined;
}

/** A Wayback replay URL sent to the configured endpoint instead (tests' stand-in); others unchanged. */
function replayAt(url: string, endpoints: WaybackEndpoints): string {
  if (endpoints.replay === WAYBACK.replay) return url;
  const m = /^(?:https?:)?\/\/(?:web\.|wayback\.)?archive\.org\/web\/(.*)$/is.exec(url);
  return m ? `${endpoints.replay}${m[1]}` : url;
}

/** `YYYY-MM-DD` of a Wayback timestamp or an access stamp (`YYYYMMDD...`). */
export function dateOf(timestamp: string): string {
  return `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}`;
}

/** `YYYYMMDD` for an access date between 2001 and now (InternetArchiveBot's bounds), else undefined. */
export function accessStamp(accessDate: string | undefined, now: number): string | undefined {
  if (!accessDate) return undefined;
  const t = Date.parse(accessDate);
  if (Number.isNaN(t) || t < Date.UTC(2001, 0, 1) || t > now) return undefined;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * Archive lookups and replay checks: one request at a time to the Wayback Machine, at
 * most `perMinute` a minute (the Gate holds that), and none at all once it answers 429.
 */
export class Wayback {
  stoppedBy?: string;

  constructor(
    private readonly endpoints: WaybackEndpoints,
    private readonly prober: Prober,
    private readonly gate: Gate,
    private readonly checker: Checker,
  ) {}

  /** Asks the archive's replay root once: any answer shows the network works from here. */
  async reachable(): Promise<boolean> {
    const ex = await this.gate.run(new URL(this.endpoints.replay).hostname, () =>
      this.prober.exchange(this.endpoints.replay, 'GET'),
    );
    return ex.kind === 'response';
  }

  /** Whether a citation's archive URL replays a good capture. */
  async verify(archiveUrl: string): Promise<ArchiveCheck> {
    const malformed = malformedWayback(archiveUrl);
    if (malformed) return { state: 'broken', reason: `malformed Wayback URL: ${malformed}` };
    if (this.stoppedBy && /archive\.org/i.test(archiveUrl)) return { state: 'unverified', reason: this.stoppedBy };
    const target = replayAt(archiveUrl, this.endpoints);
    // One 429 from the archive stops every request to it: its replay is not asked again either.
    const { trace, verdict } = await this.checker.check(target, { rateLimitRetries: 0 });
    const final = trace.final;
    if (final?.kind === 'response' && final.status === 429)
      this.stoppedBy = 'the archive answered 429: lookups stopped';
    if (verdict.hardDead && final?.kind === 'error' && this.prober.responses === 0)
      return {
        state: 'unverified',
        reason: `${verdict.reason}, but no host has answered: the network looks unreachable`,
      };
    switch (verdict.class) {
      case 'live':
      case 'redirected':
        return { state: 'ok', finalUrl: final?.url ?? target, class: verdict.class };
      case 'dead':
      case 'dead-suspected':
      case 'soft-404':
        return {
          state: 'broken',
          reason: `the archive ${verdict.reason}`,
          class: verdict.class,
          ...(final?.kind === 'response' ? { status: final.status } : {}),
        };
      default:
        return { state: 'unverified', reason: `${verdict.class}: ${verdict.reason}` };
    }
  }

  /**
   * The capture to cite for a dead URL: the latest 200 capture at or before the access
   * date, else the first after it (InternetArchiveBot's order); CDX first, the
   * availability API when CDX fails. Null when there is none; undefined when the archive
   * could not be asked.
   */
  async bestCapture(url: string, access: string | undefined): Promise<Capture | null | undefined> {
    const cdx = await this.cdx(url, access);
    if (cdx !== undefined) return cdx;
    return this.availability(url, access);
  }

  private async getJson(url: string): Promise<unknown> {
    if (this.stoppedBy) return undefined;
    const host = new URL(url).hostname;
    const ex = await this.gate.run(host, () => this.prober.exchange(url, 'GET'));
    if (ex.kind !== 'response') return undefined;
    if (ex.status === 429) {
      this.stoppedBy = 'the archive answered 429: lookups stopped';
      return undefined;
    }
    if (ex.status !== 200) return undefined;
    try {
      return JSON.parse(ex.text) as unknown;
    } catch {
      return undefined;
    }
  }

  private async cdx(url: string, access: string | undefined): Promise<Capture | null | undefined> {
    const query = (range: string) =>
      `${this.endpoints.cdx}?url=${encodeURIComponent(url)}&output=json&fl=timestamp,original,statuscode&filter=statuscode:200${range}`;
    const attempts: [string, Capture['relation']][] = access
      ? [
          [`&to=${access}&limit=-1&fastLatest=true`, 'before'],
          [`&from=${access}&limit=1`, 'after'],
        ]
      : [[`&limit=-1&fastLatest=true`, 'latest']];
    for (const [range, relation] of attempts) {
      const rows = await this.getJson(query(range));
      if (!Array.isArray(rows)) return undefined;
      const row = rows.slice(1).find((r): r is string[] => Array.isArray(r) && /^\d{14}$/.test(String(r[0])));
      if (row) return this.capture(row[0]!, url, relation, 'cdx');
    }
    return null;
  }

  private async availability(url: string, access: string | undefined): Promise<Capture | null | undefined> {
    const json = (await this.getJson(
      `${this.endpoints.availability}?url=${encodeURIComponent(url)}${access ? `&timestamp=${access}` : ''}`,
    )) as
      { archived_snapshots?: { closest?: { available?: boolean; timestamp?: string; status?: string } } } | undefined;
    if (!json || typeof json !== 'object') return undefined;
    const closest = json.archived_snapshots?.closest;
    // `{}` is not proof of "never archived" (the API is known to miss captures): report none found.
    if (!closest?.available || closest.status !== '200' || !/^\d{14}$/.test(closest.timestamp ?? '')) return null;
    const ts = closest.timestamp!;
    const relation = !access ? 'latest' : ts.slice(0, 8) <= access ? 'before' : 'after';
    return this.capture(ts, url, relation, 'availability');
  }

  private capture(timestamp: string, original: string, relation: Capture['relation'], via: Capture['via']): Capture {
    return { timestamp, url: `${WAYBACK.replay}${timestamp}/${original}`, date: dateOf(timestamp), relation, via };
  }
}
