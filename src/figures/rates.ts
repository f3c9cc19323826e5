/**
 * How many units of each currency one US dollar has bought, lowest and highest, from 1950
 * (or from `since`, the currency's present denomination or birth) to 2026, from the IMF and
 * central-bank series. An inline restatement such as "$12 billion (£18 billion)" carries no
 * date we can trust, so a conversion is judged against every rate the pair has had: only a
 * restatement no rate could explain is wrong. Currencies whose denomination changed within
 * living memory of the articles are judged only when the sentence dates the amount after
 * the change (the ruble in 1998, the real in 1994, the kwanza in 1999); those not listed
 * (the manat, the lira …) are never judged, nor is any amount dated before 1950.
 */
interface Band {
  /** Fewest and most units per US dollar. */
  perUsd: readonly [number, number];
  /** The year of the present denomination: before it, or with no year given, the band says nothing. */
  since?: number;
  /** The year the currency began: amounts dated before it are not judged, undated ones are. */
  born?: number;
}

export const RATES: Readonly<Record<string, Band>> = {
  USD: { perUsd: [1, 1] },
  EUR: { perUsd: [0.62, 1.22], born: 1999 },
  // The pound never fell below $1.03 (September 2022); it bought $4.03 until 1949.
  GBP: { perUsd: [0.24, 0.98] },
  JPY: { perUsd: [75, 362] },
  CNY: { perUsd: [1.5, 8.8] },
  INR: { perUsd: [4.7, 100] },
  RUB: { perUsd: [5.5, 140], since: 1998 },
  AUD: { perUsd: [0.65, 2.1] },
  CAD: { perUsd: [0.9, 1.65] },
  HKD: { perUsd: [3.8, 8] },
  NZD: { perUsd: [0.7, 2.6] },
  SGD: { perUsd: [1.2, 3.1] },
  BRL: { perUsd: [0.8, 6.5], since: 1994 },
  CHF: { perUsd: [0.7, 4.4] },
  SEK: { perUsd: [3.8, 11.5] },
  NOK: { perUsd: [4.5, 11.5] },
  // July 2008: 4.66.
  DKK: { perUsd: [4.6, 12.4] },
  KRW: { perUsd: [100, 2000] },
  DZD: { perUsd: [3.7, 200] },
  AOA: { perUsd: [2, 1000], since: 1999 },
};

/** The currencies a bare `$` may stand for in an English article, and those `¥` may. */
export const DOLLARS = ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD'];
export const YEN_OR_YUAN = ['JPY', 'CNY'];

/** Whether every currency has a band that holds in `year` (undefined when the text gives none). */
export function judgeable(currencies: readonly string[], year: number | undefined): boolean {
  if (year !== undefined && year < 1950) return false;
  return currencies.every((c) => {
    const band = RATES[c];
    if (band === undefined) return false;
    if (band.since !== undefined && (year === undefined || year < band.since)) return false;
    return band.born === undefined || year === undefined || year >= band.born;
  });
}

/** What [lo, hi] in one of `currencies` was worth in US dollars at the extremes of their bands. */
export function dollarRange(lo: number, hi: number, currencies: readonly string[]): [number, number] {
  const fewest = Math.min(...currencies.map((c) => RATES[c]!.perUsd[0]));
  const most = Math.max(...currencies.map((c) => RATES[c]!.perUsd[1]));
  return [lo / most, hi / fewest];
}

/** The first currency's band at its geometric middle: one typical rate, for telling how far apart two amounts are. */
export function typicalDollars(amount: number, currencies: readonly string[]): number {
  const [fewest, most] = RATES[currencies[0]!]!.perUsd;
  return amount / Math.sqrt(fewest * most);
}
