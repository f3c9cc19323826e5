/** The host of a URL, lower-cased, or undefined when it is not an http(s) or protocol-relative URL. */
export function hostOf(url: string): string | undefined {
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
  const m = /^(?:https?:)?\/\/[^/]+\/(?:web\/)?(\d{8})(\d{0,6})(?:[a-z]{2}_)?\//i.exec(url.trim());
  if (!m) return undefined;
  const d = m[1]!;
  const day = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  const month = +d.slice(4, 6);
  const date = +d.slice(6, 8);
  return month >= 1 && month <= 12 && date >= 1 && date <= 31 ? day : undefined;
}
