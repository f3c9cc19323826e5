import type { Extraction } from '../wikitext/index.ts';
import { plainClaim, type Claim, type Reading } from './claims.ts';
import type { FigureGroup, Pair } from './groups.ts';
import type { Quantity } from './quantity.ts';
import { dollarRange, typicalDollars } from './rates.ts';

/**
 * Inline currency restatements: "$12 billion (£18 billion)", "40 yuan (US$5.83, £9.10,
 * €3.70)". The article gives one amount in several currencies, so every pair must fit some
 * exchange rate the two currencies have had (rates.ts). Only brackets that hold nothing but
 * amounts and a few hedging words count: "(equivalent to $15 million in 2020)" adjusts for
 * inflation and "(of which £2 million …)" is a part, and both are left alone.
 */

/** What the brackets may hold beside the amounts. */
const FILLER =
  /^(?:[\s\u00a0,;/~≈]|(?:or|and|about|approx\.|approximately|roughly|around|some|c\.|ca\.|circa)(?![\p{L}]))*$/iu;
/** Longer brackets are sentences of their own. */
const MAX_BRACKETS = 120;

const widened = (q: Quantity): [number, number] => [q.lo - q.precision, q.hi + q.precision];

/** The restatement groups of a page: one per amount with its brackets, each pair judged. */
export function restatementsOf(
  readings: readonly Reading[],
  extraction: Extraction,
  claims: readonly Claim[],
): FigureGroup[] {
  const measureOf = new Map<Quantity, string>(claims.map((c) => [c.quantity, c.measure]));
  const groups: FigureGroup[] = [];
  for (const reading of readings) {
    const { text } = reading.passage;
    const quantities = reading.quantities;
    for (let i = 0; i < quantities.length; i++) {
      const first = quantities[i]!;
      if (first.dimension !== 'currency') continue;
      const open = /^[\s\u00a0]*\(/.exec(text.slice(first.end, first.end + 4));
      if (!open) continue;
      const from = first.end + open[0].length;
      const close = text.indexOf(')', from);
      if (close === -1 || close - from > MAX_BRACKETS) continue;
      const inside: Quantity[] = [];
      let j = i + 1;
      for (; j < quantities.length && quantities[j]!.start < close; j++) inside.push(quantities[j]!);
      if (!inside.length || inside.some((q) => q.dimension !== 'currency' || q.end > close)) continue;
      let rest = '';
      let at = from;
      for (const q of inside) {
        rest += text.slice(at, q.start);
        at = q.end;
      }
      if (!FILLER.test(rest + text.slice(at, close))) continue;
      const amounts = [first, ...inside];
      if (!amounts.every((q) => dollarRange(q.lo, q.hi, q.unit))) continue;
      const measure = measureOf.get(first) ?? 'amount';
      groups.push(judge(amounts.map((q) => plainClaim(reading, q, measure, extraction))));
      i = j - 1;
    }
  }
  return groups;
}

function judge(claims: Claim[]): FigureGroup {
  const pairs: Pair[] = [];
  for (let a = 0; a < claims.length; a++) {
    for (let b = a + 1; b < claims.length; b++) {
      const x = claims[a]!.quantity;
      const y = claims[b]!.quantity;
      let rx = widened(x);
      let ry = widened(y);
      if (x.unit !== y.unit) {
        rx = dollarRange(rx[0], rx[1], x.unit)!;
        ry = dollarRange(ry[0], ry[1], y.unit)!;
      }
      const mx = typicalDollars((x.lo + x.hi) / 2, x.unit)!;
      const my = typicalDollars((y.lo + y.hi) / 2, y.unit)!;
      const ratio = Math.min(mx, my) <= 0 ? Infinity : Math.max(mx, my) / Math.min(mx, my);
      const relation = rx[0] <= ry[1] && ry[0] <= rx[1] ? 'equal' : 'conflict';
      pairs.push({ a, b, relation, ratio });
    }
  }
  const first = claims[0]!;
  return {
    subject: first.subject,
    measure: first.measure,
    ...(first.time ? { time: first.time } : {}),
    unit: [...new Set(claims.map((c) => c.quantity.unit))].join(' / '),
    qualifiers: ['restated'],
    claims,
    pairs,
    ...(pairs.some((p) => p.relation === 'conflict') ? { conflict: { class: 'conversion', severity: 'high' } } : {}),
  };
}
