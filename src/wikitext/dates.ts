const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m === w || (m.startsWith(w) && (w.length === 3 || w === 'sept')));
  return i === -1 ? undefined : i + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');
const validYear = (y: number) => y >= 1900 && y <= 2100;

/** A day as `YYYY-MM-DD` from the date forms editors write; undefined when it is not one. */
export function parseDay(raw: string): string | undefined {
  return dayOf(clean(raw));
}

/** Non-breaking spaces as spaces, runs of white space as one. */
const clean = (raw: string) =>
  raw
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function dayOf(s: string): string | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2}) ([A-Za-z.]+),? (\d{4})$/.exec(s);
  if (m) return ymd(+m[3]!, monthNumber(m[2]!), +m[1]!);
  m = /^([A-Za-z.]+) (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) return ymd(+m[3]!, monthNumber(m[1]!), +m[2]!);
  return undefined;
}

function ymd(y: number, mo: number | undefined, d: number): string | undefined {
  if (!mo || mo < 1 || mo > 12 || !validYear(y) || d < 1 || d > 31) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/**
 * A maintenance tag's date as `YYYY-MM`. Tags take "Month YYYY" (`February 2010`);
 * full dates and ISO forms are accepted too, since editors write them.
 */
export function parseTagMonth(raw: string): string | undefined {
  const s = clean(raw);
  let m = /^([A-Za-z.]+),? (\d{4})$/.exec(s);
  if (m) {
    const mo = monthNumber(m[1]!);
    const y = +m[2]!;
    return mo && validYear(y) ? `${y}-${pad(mo)}` : undefined;
  }
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m && +m[2]! >= 1 && +m[2]! <= 12 && validYear(+m[1]!)) return `${m[1]}-${pad(+m[2]!)}`;
  return dayOf(s)?.slice(0, 7);
}
