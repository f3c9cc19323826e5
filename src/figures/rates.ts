/**
 * How many units of each currency one US dollar has bought, lowest and highest, from 1950
 * to 2026, in the currency's present denomination (rounded outwards, from the IMF and
 * central-bank series). An inline restatement such as "$12 billion (£18 billion)" carries
 * no date we can trust, so a conversion is judged against every rate the pair has had:
 * only a restatement no rate could explain is wrong. Currencies whose denomination changed
 * within living memory of the articles (the manat in 2006, the lira in 2005) have no band
 * and are never judged.
 */
export const UNITS_PER_USD: Readonly<Record<string, readonly [number, number]>> = {
  USD: [1, 1],
  // The synthetic euro before 1999 as well.
  EUR: [0.6, 1.6],
  // The pound never fell below $1.03 (September 2022); it bought $4.03 until 1949.
  GBP: [0.24, 0.98],
  JPY: [75, 362],
  CNY: [1.5, 8.8],
  INR: [4.7, 100],
  // The ruble after the 1998 redenomination (the Soviet ruble was 0.6 to 0.9).
  RUB: [0.55, 140],
  AUD: [0.65, 2.1],
  CAD: [0.9, 1.65],
  HKD: [3.8, 8],
  NZD: [0.7, 2.6],
  SGD: [1.2, 3.1],
  BRL: [0.8, 6.3],
  CHF: [0.7, 4.4],
  SEK: [3.8, 11.5],
  NOK: [4.9, 11.5],
  DKK: [4.8, 12.4],
  KRW: [200, 2000],
  DZD: [3.7, 200],
  // The kwanza after its 1999 redenomination.
  AOA: [2, 1000],
};

/** What `amount` of `currency` was worth in US dollars at the extremes of its band, or undefined when it has none. */
export function dollarRange(lo: number, hi: number, currency: string): [number, number] | undefined {
  const band = UNITS_PER_USD[currency];
  return band ? [lo / band[1], hi / band[0]] : undefined;
}

/** The band's geometric middle: one typical rate, for telling how far apart two amounts are. */
export function typicalDollars(amount: number, currency: string): number | undefined {
  const band = UNITS_PER_USD[currency];
  return band ? amount / Math.sqrt(band[0] * band[1]) : undefined;
}
