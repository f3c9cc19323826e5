import type { Extraction } from '../wikitext/index.ts';
import { MAX_CLAIM_SENTENCE, plainClaim, sentenceAt, speaksOfNow, type Claim, type Reading } from './claims.ts';
import type { FigureGroup, Pair } from './groups.ts';
import type { Quantity } from './quantity.ts';
import { DOLLARS, dollarRange, judgeable, typicalDollars, YEN_OR_YUAN } from './rates.ts';

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

/**
 * The currencies an amount may be in. A bare `$` beside an explicit US dollar amount is
 * another dollar (a Canadian article's "$1.2 billion (US$900 million)" is right); elsewhere
 * it is read as the US dollar, as English articles mostly mean it. `¥` is the yen or the yuan.
 */
function currenciesOf(q: Quantity, all: readonly Quantity[]): string[] {
  if (q.assumedCurrency && all.some((o) => o.unit === 'USD' && !o.assumedCurrency)) return DOLLARS;
  if (/^¥/.test(q.text)) return YEN_OR_YUAN;
  return [q.unit];
}

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
      // Only as far as brackets may reach: searching the rest of a long text for every "(" is quadratic.
      const reach = text.slice(from, from + MAX_BRACKETS + 1).indexOf(')');
      if (reach === -1) continue;
      const close = from + reach;
      const sentence = sentenceAt(reading.sentences, first.start);
      if (sentence.end - sentence.start > MAX_CLAIM_SENTENCE) continue;
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
      i = j - 1;
      // A zero converts to zero in any currency: nothing to judge.
      if (amounts.some((q) => q.lo <= 0 || q.hi <= 0)) continue;
      const measure = measureOf.get(first) ?? 'amount';
      const claims = amounts.map((q) => plainClaim(reading, q, measure, extraction));
      const dated = claims.map((c) => c.time ?? c.context).find((t) => t !== undefined);
      // Undated but in the present tense ("is now …"): written since Wikipedia began, 2001.
      const now = speaksOfNow(text.slice(sentence.start, sentence.end));
      const year = dated !== undefined ? Number(dated) : now ? 2001 : undefined;
      if (!amounts.every((q) => judgeable(currenciesOf(q, amounts), year))) continue;
      groups.push(judge(claims));
    }
  }
  return groups;
}

function judge(claims: Claim[]): FigureGroup {
  const pairs: Pair[] = [];
  const all = claims.map((c) => c.quantity);
  for (let a = 0; a < claims.length; a++) {
    for (let b = a + 1; b < claims.length; b++) {
      const x = claims[a]!.quantity;
      const y = claims[b]!.quantity;
      const cx = currenciesOf(x, all);
      const cy = currenciesOf(y, all);
      let rx = widened(x);
      let ry = widened(y);
      // Two amounts in one known currency are compared as they are; otherwise through dollars.
      if (cx.length > 1 || cy.length > 1 || cx[0] !== cy[0]) {
        rx = dollarRange(rx[0], rx[1], cx);
        ry = dollarRange(ry[0], ry[1], cy);
      }
      const mx = typicalDollars((x.lo + x.hi) / 2, cx);
      const my = typicalDollars((y.lo + y.hi) / 2, cy);
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
