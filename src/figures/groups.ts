import type { Claim } from './claims.ts';
import type { Quantity } from './quantity.ts';

/**
 * Claims about the same quantity, and whether their values can all be right. Values are
 * compared as intervals widened by the precision each one states; years apart are a time
 * series, never a conflict.
 */

/** `apart`: more than twice apart with no scale-slip pattern, more likely two quantities than one wrong. */
export type Relation = 'equal' | 'rounding' | 'conflict' | 'apart';

export type ConflictClass =
  | 'scale-slip'
  | 'digit-transposition'
  | 'uncited-outlier'
  | 'infobox-vs-body'
  | 'source-disagreement'
  | 'inconsistent'
  /** An amount restated in another currency at a rate the two never had. */
  | 'conversion'
  /** With the history: a revision changed one mention and left the other with the old value. */
  | 'stale-sibling'
  /** With the history: a revision changed one of the values and added or edited no source with it. */
  | 'unsourced-figure-change';

export interface Pair {
  a: number;
  b: number;
  relation: Relation;
  /** Larger over smaller value (midpoints). */
  ratio: number;
}

export interface FigureGroup {
  subject: string;
  measure: string;
  time?: string;
  unit: string;
  qualifiers: string[];
  claims: Claim[];
  pairs: Pair[];
  /** Set when some pair conflicts. */
  conflict?: { class: ConflictClass; severity: 'high' | 'medium' | 'low' };
}

/** Widening for "about", "some", "c." on top of stated precision. Small on purpose: "some 8,000" is not 7,900. */
const APPROX_TOLERANCE = 0.005;
/**
 * Values further apart than this are not called a conflict (unless the ratio is a power of
 * a thousand: a scale slip). On the labeled set, every real conflict was within 1.7×, and
 * most pairs further apart were two quantities grouped as one (a city and its metro area,
 * nominal and PPP, revenue and profit).
 */
const MAX_CONFLICT_RATIO = 2;
/** Floating-point slack, relative. */
const EPSILON = 1e-9;

function interval(c: Claim, widen: boolean): [number, number] {
  const q = c.quantity;
  let lo = q.bound === 'max' ? -Infinity : q.lo;
  let hi = q.bound === 'min' ? Infinity : q.hi;
  if (widen) {
    const tolerance = q.precision + (q.approx ? APPROX_TOLERANCE * Math.abs(q.hi) : 0);
    lo -= tolerance;
    hi += tolerance;
  }
  const slack = EPSILON * Math.max(1, Math.abs(q.hi));
  return [lo - slack, hi + slack];
}

const overlaps = (x: [number, number], y: [number, number]) => x[0] <= y[1] && y[0] <= x[1];
const mid = (c: Claim) => (c.quantity.lo + c.quantity.hi) / 2;

function relate(a: Claim, b: Claim): Relation {
  if (overlaps(interval(a, false), interval(b, false))) return 'equal';
  if (overlaps(interval(a, true), interval(b, true))) return 'rounding';
  // 481,354 sq mi beside 1,246,700 km²: one was converted from the other, and a conversion
  // keeps only the places the original states.
  const x = a.quantity;
  const y = b.quantity;
  if (x.written !== y.written && x.dimension !== 'currency' && x.dimension !== 'count' && x.dimension !== 'percent') {
    const loose = (q: Quantity): [number, number] => [q.lo - q.rounding, q.hi + q.rounding];
    if (overlaps(loose(x), loose(y))) return 'rounding';
  }
  return 'conflict';
}

/**
 * Groups claims by subject, measure, unit and qualifiers, then by year. `writtenIn` is the
 * year the revision was saved, when known: a later year is a projection ("to 55 million
 * passengers by 2040"), never the page's latest.
 */
export function groupClaims(claims: readonly Claim[], writtenIn?: number): FigureGroup[] {
  const buckets = new Map<string, Claim[]>();
  for (const c of claims) {
    const key = [c.subject, c.measure, c.quantity.unit, c.qualifiers.join(',')].join('\u0000');
    const list = buckets.get(key) ?? [];
    list.push(c);
    buckets.set(key, list);
  }
  const groups: FigureGroup[] = [];
  const yearOf = (c: Claim) => c.time ?? c.context;
  // The latest year the page gives each measure: an undated infobox figure is the current one.
  const latest = new Map<string, string>();
  let pageLatest = 0;
  for (const c of claims) {
    const year = yearOf(c);
    if (year && writtenIn !== undefined && Number(year) > writtenIn) continue;
    if (year && year > (latest.get(c.measure) ?? '')) latest.set(c.measure, year);
    if (year) pageLatest = Math.max(pageLatest, Number(year));
  }
  // A deployment is an event: troops sent are compared only with troops sent in a year both
  // sentences give, not by their paragraph's year nor by joining another's; one with no year
  // of its own is compared with nothing.
  const isEvent = (c: Claim) => c.qualifiers.includes('deployed');
  const timeOf = (c: Claim) => (isEvent(c) ? c.time : yearOf(c));
  for (const all of buckets.values()) {
    const list = all.filter((c) => !isEvent(c) || c.time);
    const years = new Set(list.map(timeOf).filter((t) => t !== undefined));
    // A claim with no year joins the others only when they all speak of one year, and an
    // infobox figure only when that year is the latest the page gives the measure (a 2011
    // census in the infobox is not the "2006 population" of the history section) and is
    // recent for the page (Toronto's area is not the land bought in 1787).
    const byTime = new Map<string, Claim[]>();
    for (const c of list) {
      const only = years.size === 1 ? [...years][0]! : '';
      const joins =
        only &&
        !isEvent(c) &&
        (!c.passage.infobox || (only === latest.get(c.measure) && Number(only) >= pageLatest - RECENT_YEARS));
      const time = timeOf(c) ?? (joins ? only : '');
      const members = byTime.get(time);
      if (members) members.push(c);
      else byTime.set(time, [c]);
    }
    for (const [year, members] of byTime) {
      // A group of hundreds of figures is a table or a list, not claims to compare two by two
      // (and its pairs would grow with the square of it).
      if (members.length < 2 || members.length > MAX_GROUP) continue;
      const first = members[0]!;
      // Shown only when the text itself gives the year, not when it was read from the paragraph.
      const time = members.some((c) => c.time === year) ? year : undefined;
      groups.push(
        classify({
          subject: first.subject,
          measure: first.measure,
          ...(time ? { time } : {}),
          unit: first.quantity.unit,
          qualifiers: first.qualifiers,
          claims: members,
          pairs: pairsOf(members),
        }),
      );
    }
  }
  return groups;
}

/** How many years before the page's latest an undated infobox figure may still speak of. */
const RECENT_YEARS = 20;

/** The most claims a group compares pair by pair. */
const MAX_GROUP = 200;

function pairsOf(claims: readonly Claim[]): Pair[] {
  const pairs: Pair[] = [];
  for (let a = 0; a < claims.length; a++) {
    for (let b = a + 1; b < claims.length; b++) {
      const x = Math.abs(mid(claims[a]!));
      const y = Math.abs(mid(claims[b]!));
      const ratio = Math.min(x, y) === 0 ? (x === y ? 1 : Infinity) : Math.max(x, y) / Math.min(x, y);
      let relation = relate(claims[a]!, claims[b]!);
      if (
        relation === 'conflict' &&
        ratio > MAX_CONFLICT_RATIO &&
        !scaleSlip(ratio) &&
        !zeroSlip(claims[a]!, claims[b]!, ratio)
      ) {
        relation = 'apart';
      }
      pairs.push({ a, b, relation, ratio });
    }
  }
  return pairs;
}

// Within a tenth: "2.46 billion" against "2.5 million" is a slip, 105 members against 120,000 is not.
const near = (r: number, target: number) => r > target * 0.9 && r < target / 0.9;
const scaleSlip = (r: number) => near(r, 1e3) || near(r, 1e6);
/** 45,000 against 4,500: the same digits a power of ten apart, a zero dropped or added. */
const significant = (c: Claim) => String(Math.round(Math.abs(mid(c)))).replace(/0+$/, '');
const zeroSlip = (a: Claim, b: Claim, r: number) =>
  significant(a) === significant(b) && Math.abs(Math.log10(r) - Math.round(Math.log10(r))) < 1e-9;
const digits = (c: Claim) => c.quantity.text.replace(/\D/g, '').split('').sort().join('');

/**
 * Whether a group's conflicts are a list of different things that share a measure word
 * (the capacities of a state's stadiums, the seats of a parliament's parties) rather than
 * one quantity stated inconsistently: three or more different values in conflict (values
 * that agree, equal or within rounding, count once), chained, so that some of them are too
 * far apart to be one quantity at all (143,000 seats against 40,646). One quantity stated
 * four ways (IBM in 170, 171, 174 and 177 countries) stays one group in conflict; figures
 * apart from everything else (a garden's 43 ha beside a city's 891 km²) take no part.
 */
function isList(group: FigureGroup): boolean {
  const root = group.claims.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i]!)));
  for (const p of group.pairs) if (p.relation === 'equal' || p.relation === 'rounding') root[find(p.a)] = find(p.b);
  const involved = new Set<number>();
  for (const p of group.pairs) if (p.relation === 'conflict') involved.add(find(p.a)).add(find(p.b));
  return (
    involved.size >= 3 &&
    group.pairs.some(
      (p) => p.relation === 'apart' && find(p.a) !== find(p.b) && involved.has(find(p.a)) && involved.has(find(p.b)),
    )
  );
}

function classify(group: FigureGroup): FigureGroup {
  const conflicts = group.pairs.filter((p) => p.relation === 'conflict');
  if (!conflicts.length || isList(group)) return group;
  const { claims } = group;
  const maxRatio = conflicts.reduce((m, p) => Math.max(m, p.ratio), 0);
  const is = (pred: (p: Pair) => boolean) => conflicts.some(pred);
  let cls: ConflictClass;
  let severity: 'high' | 'medium' | 'low';
  const cited = claims.filter((c) => c.provenance.cited);
  const outlier = claims.findIndex(
    (c, i) =>
      !c.provenance.cited &&
      cited.length > 0 &&
      claims.every(
        (d, j) =>
          j === i || !d.provenance.cited || conflicts.some((p) => (p.a === i && p.b === j) || (p.a === j && p.b === i)),
      ),
  );
  if (is((p) => scaleSlip(p.ratio) || zeroSlip(claims[p.a]!, claims[p.b]!, p.ratio))) {
    [cls, severity] = ['scale-slip', 'high'];
  } else if (is((p) => digits(claims[p.a]!) === digits(claims[p.b]!) && digits(claims[p.a]!).length > 1)) {
    [cls, severity] = ['digit-transposition', 'high'];
  } else if (outlier !== -1) [cls, severity] = ['uncited-outlier', 'high'];
  else if (is((p) => Boolean(claims[p.a]!.passage.infobox) !== Boolean(claims[p.b]!.passage.infobox))) {
    [cls, severity] = ['infobox-vs-body', 'medium'];
  } else if (
    conflicts.every((p) => {
      const x = claims[p.a]!.provenance;
      const y = claims[p.b]!.provenance;
      return x.cited && y.cited && x.key !== y.key && x.source !== y.source;
    })
  ) {
    // SIPRI and the IISS often differ for good reasons: ask for attribution, loudly only when far apart.
    [cls, severity] = ['source-disagreement', maxRatio > 1.25 ? 'medium' : 'low'];
  } else [cls, severity] = ['inconsistent', maxRatio > 1.1 ? 'medium' : 'low'];
  return { ...group, conflict: { class: cls, severity } };
}
