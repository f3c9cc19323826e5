import { parseDay, type Extraction, type Webarchive } from '../wikitext/index.ts';

/** The host of a URL, lower-cased, or undefined when it is not an http(s) or protocol-relative URL. */
function hostOf(url: string): string | undefined {
  const m = /^(?:https?:)?\/\/([^/?#\s:@]+(?::[^/?#\s@]*)?@)?([^/?#\s:]+)/i.exec(url.trim());
  return m ? m[2]!.toLowerCase().replace(/\.$/, '') : undefined;
}

/** Whether the URL points at a known web archive (a subdomain of a listed host counts). */
export function isArchiveUrl(url: string, hosts: readonly string[]): boolean {
  const host = hostOf(url);
  if (!host) return false;
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/**
 * The capture day encoded in an archive URL: Wayback's `/web/YYYYMMDDhhmmss/` (with or
 * without flags such as `id_`), and archive.today's `/YYYYMMDDhhmmss/`. Undefined when
 * the URL carries none or a partial one (`/web/2010/...` is a "closest to" lookup).
 */
export function archiveTimestamp(url: string): string | undefined {
  const u = url.trim();
  const m =
    /^(?:https?:)?\/\/[^/]{1,255}\/(?:web\/)?(\d{4})(\d{2})(\d{2})\d{0,6}(?:[a-z]{2}_)?\//i.exec(u) ??
    // archive.today also writes dotted stamps: /2013.01.05-123456/
    /^(?:https?:)?\/\/[^/]{1,255}\/(\d{4})\.(\d{2})\.(\d{2})-\d{6}\//i.exec(u);
  return m ? parseDay(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
}

/** The URL a `{{webarchive}}` archives: that of the citation or link it follows, if any. */
export function archivedUrl(w: Webarchive, extraction: Pick<Extraction, 'citations' | 'links'>): string | undefined {
  if (!w.attachedTo) return undefined;
  return w.attachedTo.kind === 'citation'
    ? extraction.citations[w.attachedTo.index]?.url
    : extraction.links[w.attachedTo.index]?.url;
}
