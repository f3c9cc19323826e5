/** Whole months from a `YYYY-MM` tag date to a revision timestamp; undefined when either is missing. */
export function monthsBetween(month: string | undefined, timestamp: string | undefined): number | undefined {
  if (!month || !timestamp) return undefined;
  const a = /^(\d{4})-(\d{2})/.exec(month);
  const b = /^(\d{4})-(\d{2})/.exec(timestamp);
  if (!a || !b) return undefined;
  const months = (+b[1]! - +a[1]!) * 12 + (+b[2]! - +a[2]!);
  return months >= 0 ? months : undefined;
}

/** "7 years 7 months", "3 months", "under a month". */
export function describeAge(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts: string[] = [];
  if (years) parts.push(`${years} year${years === 1 ? '' : 's'}`);
  if (rest) parts.push(`${rest} month${rest === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : 'under a month';
}
