/**
 * Quantities in plain prose: the number as written, its interval, unit and the precision
 * it implies. Precision first: a number that might be a year, a date, an ordinal, a model
 * name or a page number is not a figure.
 */

export type Dimension = 'currency' | 'count' | 'percent' | 'length' | 'area' | 'mass' | 'power' | 'other';

export interface Quantity {
  /** The figure as written (`$2.46 billion`, `56,840`, `70–90 km`). */
  text: string;
  /** Offsets in the passage text. */
  start: number;
  end: number;
  /** The interval stated, scale applied, in the unit's base (km², km, kg; currencies as they are). */
  lo: number;
  hi: number;
  /** Half the last place the figure states: `1.5 billion` → 0.05 billion; plain integers are exact. */
  precision: number;
  /** `count`, `percent`, an ISO currency code, or a base unit (`km`, `km2`, `kg`, `MW`). */
  unit: string;
  dimension: Dimension;
  /** A bare `$` read as US dollars. */
  assumedCurrency?: boolean;
  approx: boolean;
  /** "more than X" → `min`; "up to X" → `max`. */
  bound?: 'min' | 'max';
  /** The scale word as written (`billion`, `bn`), for telling a scale slip. */
  scale?: string;
  /** The unit as written (`sq mi`, `km2`); empty when none. Values in different units were converted by someone. */
  written: string;
  /**
   * Half the last non-zero place, in the base unit, even for a plain integer (1,246,700 →
   * 50): how far a figure converted from another unit may be off (481,354 sq mi stated for
   * 1,246,700 km²).
   */
  rounding: number;
}

const SCALES: Record<string, number> = {
  Thousand: 1e3,
  Million: 1e6,
  Billion: 1e9,
  Trillion: 1e12,
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  mn: 1e6,
  mln: 1e6,
  m: 1e6,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  bln: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
  lakh: 1e5,
  crore: 1e7,
};

/** Currency signs and codes → ISO code. A bare `$` is resolved to USD and marked assumed. */
const CURRENCY_SIGNS: Record<string, string> = {
  US$: 'USD',
  $: 'USD',
  USD: 'USD',
  'U.S.$': 'USD',
  '€': 'EUR',
  EUR: 'EUR',
  '£': 'GBP',
  GBP: 'GBP',
  '¥': 'JPY',
  JPY: 'JPY',
  'CN¥': 'CNY',
  CNY: 'CNY',
  RMB: 'CNY',
  '₹': 'INR',
  INR: 'INR',
  'Rs.': 'INR',
  Rs: 'INR',
  '₽': 'RUB',
  RUB: 'RUB',
  '₼': 'AZN',
  AZN: 'AZN',
  A$: 'AUD',
  AU$: 'AUD',
  AUD: 'AUD',
  C$: 'CAD',
  CA$: 'CAD',
  CAD: 'CAD',
  HK$: 'HKD',
  HKD: 'HKD',
  NZ$: 'NZD',
  NZD: 'NZD',
  S$: 'SGD',
  SGD: 'SGD',
  R$: 'BRL',
  BRL: 'BRL',
  CHF: 'CHF',
  SEK: 'SEK',
  NOK: 'NOK',
  DKK: 'DKK',
  '₩': 'KRW',
  KRW: 'KRW',
  DZD: 'DZD',
  Kz: 'AOA',
  AOA: 'AOA',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollars: 'USD',
  'US dollars': 'USD',
  'U.S. dollars': 'USD',
  'United States dollars': 'USD',
  euros: 'EUR',
  euro: 'EUR',
  'pounds sterling': 'GBP',
  rupees: 'INR',
  roubles: 'RUB',
  rubles: 'RUB',
  manat: 'AZN',
  yen: 'JPY',
  yuan: 'CNY',
  renminbi: 'CNY',
  kwanza: 'AOA',
};

/** Units after a number → [base unit, factor to it, dimension]. */
const UNITS: Record<string, [string, number, Dimension]> = {
  '%': ['percent', 1, 'percent'],
  percent: ['percent', 1, 'percent'],
  'per cent': ['percent', 1, 'percent'],
  km: ['km', 1, 'length'],
  kilometres: ['km', 1, 'length'],
  kilometers: ['km', 1, 'length'],
  m: ['km', 0.001, 'length'],
  metres: ['km', 0.001, 'length'],
  meters: ['km', 0.001, 'length'],
  mi: ['km', 1.609344, 'length'],
  miles: ['km', 1.609344, 'length'],
  ft: ['km', 0.0003048, 'length'],
  feet: ['km', 0.0003048, 'length'],
  cm: ['km', 0.00001, 'length'],
  centimetres: ['km', 0.00001, 'length'],
  centimeters: ['km', 0.00001, 'length'],
  mm: ['km', 0.000001, 'length'],
  millimetres: ['km', 0.000001, 'length'],
  millimeters: ['km', 0.000001, 'length'],
  inches: ['km', 0.0000254, 'length'],
  km2: ['km2', 1, 'area'],
  'km²': ['km2', 1, 'area'],
  'sq km': ['km2', 1, 'area'],
  'square kilometres': ['km2', 1, 'area'],
  'square kilometers': ['km2', 1, 'area'],
  sqmi: ['km2', 2.589988, 'area'],
  'sq mi': ['km2', 2.589988, 'area'],
  'square miles': ['km2', 2.589988, 'area'],
  ha: ['km2', 0.01, 'area'],
  hectares: ['km2', 0.01, 'area'],
  acres: ['km2', 0.00404686, 'area'],
  kg: ['kg', 1, 'mass'],
  kilograms: ['kg', 1, 'mass'],
  t: ['kg', 1000, 'mass'],
  tonnes: ['kg', 1000, 'mass'],
  lb: ['kg', 0.45359237, 'mass'],
  pounds: ['kg', 0.45359237, 'mass'],
  MW: ['MW', 1, 'power'],
  GW: ['MW', 1000, 'power'],
  kW: ['MW', 0.001, 'power'],
};

/**
 * A number whose unit only its infobox field names (`area_km2 = 652864`, `elevation_ft`)
 * read in that unit; anything else as it is.
 */
export function inFieldUnit(q: Quantity, field: string): Quantity {
  if (q.dimension !== 'count' || q.scale) return q;
  const suffix = /_(km2|sq_mi|km|mi|m|ft|ha|acres?)$/.exec(field)?.[1];
  const known = suffix ? UNITS[FIELD_UNITS[suffix] ?? suffix] : undefined;
  if (!known) return q;
  const [unit, factor, dimension] = known;
  return {
    ...q,
    lo: q.lo * factor,
    hi: q.hi * factor,
    precision: q.precision * factor,
    rounding: q.rounding * factor,
    unit,
    dimension,
    written: suffix!,
  };
}
const FIELD_UNITS: Record<string, string> = { sq_mi: 'sq mi', acre: 'acres' };

/** What one of the unit as written is in its base unit (`sq mi` → 2.589988 km²); 1 when none or a currency. */
export const baseFactor = (written: string): number => UNITS[written]?.[1] ?? 1;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (keys: string[]) =>
  keys
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

/** Thousands with commas, a decimal comma before a scale word ("$4,7 billion"), plain digits. */
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.])|\d{1,3},\d{1,2}(?=\s?(?:billion|million|thousand|bn|mn)\b)|\d+(?:\.\d+)?`;
const SCALE = alternation(Object.keys(SCALES));
const UNIT = alternation(Object.keys(UNITS));
const CURRENCY_SIGN = alternation(Object.keys(CURRENCY_SIGNS));
const CURRENCY_WORD = alternation(Object.keys(CURRENCY_WORDS));

/**
 * One figure: an optional currency sign, a number, an optional range to a second number,
 * an optional scale word and an optional unit or currency code. Letters may not touch the
 * number on either side unless they are a scale or unit (`1.5bn`, `90km`), which rules out
 * `MiG-29`, `9A52`, `4th` and `1990s`.
 */
const figurePattern = (withRange: boolean) =>
  new RegExp(
    String.raw`(?<![\p{L}\p{N}\-/.:,#])(?<sign>(?:${CURRENCY_SIGN})\s?)?(?<num>${NUMBER})` +
      (withRange ? String.raw`(?:\s?(?<sep>–|—|-|to|and)\s?(?:${CURRENCY_SIGN})?\s?(?<num2>${NUMBER}))?` : '') +
      String.raw`(?:[\s\u00a0]?(?<scale>${SCALE})(?![\p{L}\p{N}]))?` +
      String.raw`(?:[\s\u00a0]?(?<unit>${UNIT}|${CURRENCY_SIGN}|${CURRENCY_WORD})(?![\p{L}\p{N}]))?` +
      (withRange ? String.raw`(?![\p{L}\p{N}]|[-/]\p{N}|\.\p{N})` : String.raw`(?![\p{L}\p{N}])`),
    'gu',
  );
const FIGURE = figurePattern(true);
/** The same without ranges, for re-reading a "range" that is not one. */
const SINGLE = figurePattern(false);

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const MONTH_BEFORE = new RegExp(`(?:${MONTHS})\\.?\\s$`);
const MONTH_AFTER = new RegExp(`^\\s(?:${MONTHS})\\b`);
/** Words before a number that make it a label, not an amount. */
const LABEL_BEFORE =
  /(?:\b(?:p|pp|pg|no|nos|vol|vols|ch|chap|art|sec|fig|ed|ISBN|ISSN|issue|issues|page|pages|chapter|volume|article|section|episode|season|series|route|highway|interstate|platform|gate|flight|pier|level|stage|round|week|day|game|act|scene|track|disc|opus|op|bwv|k|hwv|rank|ranked)\.?|\bNo\.|#)\s?$/i;
const APPROX_BEFORE =
  /\b(?:about|around|approximately|approx\.|roughly|nearly|almost|some|circa|c\.|ca\.|an estimated|estimated|est\.|reportedly|close to|just under|just over|an average of|on average)\s?$|~\s?$|≈\s?$/i;
const MIN_BEFORE =
  /\b(?:more than|over|at least|in excess of|upwards of|exceeding|exceeds|exceeded|above|greater than|no fewer than|no less than|just over|\+)\s?$/i;
const MAX_BEFORE =
  /\b(?:up to|under|less than|fewer than|below|at most|not more than|no more than|just under|maximum of|a maximum of)\s?$/i;
/** Words of time that may open a sentence before a year as well as before an amount. */
const TIME_WORDS = new Set(['After', 'Before', 'Since', 'Until', 'During', 'Within', 'For']);
/** Capitalized words that may begin a sentence before an amount ("Some 8,000 men"). */
const LEADING_WORDS = new Set([
  ...'The A An About Around Approximately Roughly Nearly Almost Some Over Under Only Just More Fewer Less Up At In By Of On Circa Between From To Its Their His Her Our Total Another Each Estimated With'.split(
    ' ',
  ),
  ...TIME_WORDS,
]);

/** The figures of one passage of prose, left to right. */
export function findQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  FIGURE.lastIndex = 0;
  for (let m = FIGURE.exec(text); m; m = FIGURE.exec(text)) {
    const q = readFigure(text, m);
    if (q) out.push(q);
  }
  return out;
}

function parseNumber(raw: string): { value: number; decimals: number } {
  // "4,7" (a decimal comma, one or two digits after it) versus "4,700".
  if (/^\d{1,3},\d{1,2}$/.test(raw)) {
    const [whole, frac] = raw.split(',');
    return { value: Number(`${whole}.${frac}`), decimals: frac!.length };
  }
  const plain = raw.replace(/[,\s\u00a0\u202f\u2009]/g, '');
  const dot = plain.indexOf('.');
  return { value: Number(plain), decimals: dot === -1 ? 0 : plain.length - dot - 1 };
}

/**
 * Half the unit, a hair less: a value rounds to one integer only, so 36 % and 37 % (each
 * ±0.5) must not meet at 36.5 and pass for one rounded value.
 */
const HALF_UNIT = 0.5 * (1 - 1e-6);

/** The place of the last non-zero digit of an integer (300 → 100, 2 → 1, 1473 → 1). */
function lastPlace(n: number): number {
  let place = 1;
  while (n >= 10 && n % 10 === 0) {
    n /= 10;
    place *= 10;
  }
  return place;
}

function readFigure(text: string, m: RegExpExecArray): Quantity | undefined {
  const g = m.groups!;
  const start = m.index;
  const end = start + m[0].length;
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(end, end + 40);
  const numRaw = g['num']!;
  const first = parseNumber(numRaw);
  const second = g['num2'] ? parseNumber(g['num2']) : undefined;
  const sep = g['sep'];
  // "and" joins a range only after "between"; a score or a lower-to-higher inversion is no range.
  if (second && sep === 'and' && !/\bbetween\s?(?:\S{1,4}\s?)?$/i.test(before)) return retry(text, m);
  // "1830 to 1872", "between 1996 and 2001": a period, not an amount.
  const isYear = (n: { value: number; decimals: number }, raw: string) =>
    n.decimals === 0 && /^\d{4}$/.test(raw) && n.value >= 1000 && n.value <= 2099;
  // "raised the membership from 87 to 100", "(from 16 to 19%)": two figures, a change, not a
  // range; the first takes the unit or scale written after the second.
  const change = second !== undefined && sep === 'to' && CHANGE_FROM.test(text.slice(Math.max(0, start - 100), start));
  const range = change ? undefined : second;
  // A change ends at its first number; the scan goes on after "to", so that the second is
  // read with its own sign ("from $16 to $19 million"), whatever becomes of the first.
  const firstEnd = change ? start + m[0].indexOf(numRaw) + numRaw.length : undefined;
  if (firstEnd !== undefined) {
    const to = /\s?to\s?/y;
    to.lastIndex = firstEnd;
    FIGURE.lastIndex = to.test(text) ? to.lastIndex : firstEnd;
    // "grew from 1998 to 12,000 employees": the start of a period, no figure.
    if (isYear(first, numRaw) && !g['sign']) return undefined;
  }
  if (
    second &&
    !change &&
    (second.value <= first.value ||
      /^\s?–\s?\d+\s+(?:win|victory|defeat|loss|draw)/.test(text.slice(start + numRaw.length)))
  ) {
    return retry(text, m);
  }
  const scaleWord = g['scale'];
  const unitWord = g['unit'];
  const signWord = g['sign']?.trim();
  // A bare "m", "b" or "k" after a number is million, billion or thousand only with a currency
  // ("$20m"); without one it is no figure we can read ("500 m" may be metres or minutes).
  if (scaleWord && /^(?:m|b|k)$/i.test(scaleWord) && !signWord) return undefined;
  // The pattern has no `i` flag: a scale or unit word is always written as its table key.
  const scale = scaleWord ? SCALES[scaleWord] : undefined;

  let unit = 'count';
  let dimension: Dimension = 'count';
  let factor = 1;
  let assumedCurrency: boolean | undefined;
  const currencyCode = (word: string | undefined) =>
    word === undefined ? undefined : (CURRENCY_SIGNS[word] ?? CURRENCY_WORDS[word]);
  const signCode = currencyCode(signWord);
  const unitCode = currencyCode(unitWord);
  if (signCode || unitCode) {
    unit = unitCode ?? signCode!;
    dimension = 'currency';
    if (signWord === '$' && !unitCode) assumedCurrency = true;
  } else if (unitWord) {
    const known = UNITS[unitWord];
    if (known) [unit, factor, dimension] = known;
  }

  const value = first.value;
  if (second && dimension === 'count' && !scale && isYear(first, numRaw) && isYear(second, g['num2']!))
    return undefined;
  const isPlainInteger = first.decimals === 0 && /^\d+$/.test(numRaw) && !range;
  // Years: a bare four-digit number from 1000 to 2099 with nothing to make it an amount.
  if (
    isPlainInteger &&
    value >= 1000 &&
    value <= 2099 &&
    dimension === 'count' &&
    !scale &&
    !/^\s(?:men|people|troops|soldiers|personnel|km|miles)\b/.test(after)
  ) {
    return undefined;
  }
  // "in 2015 dollars", "constant 2010 euros": a price level, not an amount.
  if (
    isPlainInteger &&
    value >= 1900 &&
    value <= 2099 &&
    unitWord !== undefined &&
    CURRENCY_WORDS[unitWord] &&
    /\b(?:in|constant|chained|real|current|nominal)\s$/i.test(before)
  )
    return undefined;
  // Dates: a day beside a month name ("12 November", "November 12").
  if (isPlainInteger && value >= 1 && value <= 31 && (MONTH_BEFORE.test(before) || MONTH_AFTER.test(after)))
    return undefined;
  if (second && MONTH_AFTER.test(after)) return undefined; // "12–14 June"
  if (dimension === 'count' && (LABEL_BEFORE.test(before) || /^[\s-]?calib(?:er|re)\b/i.test(after))) return undefined;
  // "155mm 52 caliber", "120 mm mortar", "7.62 mm rounds": a calibre names a weapon, as "4th Army" names a unit.
  if (
    (unitWord === 'mm' || unitWord === 'cm') &&
    (CALIBRE_AFTER.test(text.slice(end, end + 60)) ||
      /\bcalib(?:er|re)\s(?:of\s)?$/i.test(before) ||
      // "2850 cm−1": a wavenumber.
      /^[−⁻-]\s?1\b|^⁻¹/.test(after))
  )
    return undefined;
  // A capitalized name right before a bare number is a model or a label ("Boeing 747", "Route 66").
  const word = /(\p{Lu}[\p{L}\p{N}]*)[\s\u00a0]$/u.exec(before)?.[1];
  if (word && dimension === 'count' && !scale && !numRaw.includes(',') && !LEADING_WORDS.has(word)) return undefined;
  // "After 400, Greek writers", "Until 476": a year after a word of time, unless what it
  // counts follows ("After 5–6 weeks", "After 300 people died").
  if (
    word &&
    TIME_WORDS.has(word) &&
    dimension === 'count' &&
    !scale &&
    !numRaw.includes(',') &&
    // What it counts follows, not a comma, a name or a word of grammar ("Since 800 the town").
    !/^\s(?!(?:the|a|an|and|or|of|in|on|at|to|by|he|she|it|they|we|was|were|is|are|had|has|his|her|its|their)\b)\p{Ll}/u.test(
      after,
    )
  )
    return undefined;
  // "the 2004–05 season", "in 1620–21": the tail of a span of years.
  if (isPlainInteger && numRaw.length === 2 && /\b(?:1[0-9]|20)\d\d[–-]$/.test(before)) return undefined;
  // "(39.188639, -120.108848)": a latitude and longitude.
  if (
    /^\d{1,3}\.\d{4,}$/.test(numRaw) &&
    (/^\s?°/.test(after) || /^,\s?-?\d{1,3}\.\d{4,}/.test(after) || /-?\d{1,3}\.\d{4,},\s?-?$/.test(before))
  )
    return undefined;
  // Times of day and ratios.
  if (/^[:.]\d/.test(after) || /^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|BC|BCE|AD|CE)\b/i.test(after)) return undefined;
  if (/\b(?:AD|BC)\s$/.test(before)) return undefined;

  const scaled = (n: number) => n * (scale ?? 1) * factor;
  const feet =
    (unitWord === 'ft' || unitWord === 'feet') && !second && !scale
      ? feetAndInches(text, start, end, value)
      : undefined;
  if (feet) FIGURE.lastIndex = feet.end;
  const top = !feet && !second ? rangeTop(text, start, end, scaleWord, unitWord, value * (scale ?? 1)) : undefined;
  if (top) FIGURE.lastIndex = top.end;
  const lo = scaled(feet ? feet.lo : value);
  const hi = feet ? scaled(feet.hi) : top ? top.value * factor : range ? scaled(range.value) : lo;
  // A range's top may carry a scale of its own ("600,000 to 2 million").
  const precisionOf = (n: { value: number; decimals: number }, s = scale) => {
    if (n.decimals > 0) return HALF_UNIT * 10 ** -n.decimals * (s ?? 1) * factor;
    // An integer before a scale word is rounded at its last non-zero digit ("300 million");
    // a plain one is stated to the unit: 179 km² is 178.91 km² rounded, and 7,900 is not
    // 8,000. Money is counted to the unit: €1 is €1.
    if (s) return 0.5 * lastPlace(n.value) * s * factor;
    return dimension === 'currency' ? 0 : HALF_UNIT * factor;
  };
  // Feet and inches are stated to the inch (or its tenth): half of that either way.
  const precision = feet
    ? (HALF_UNIT / 12) * 10 ** -feet.decimals * factor
    : Math.max(precisionOf(first), range ? precisionOf(range) : 0, top ? precisionOf(top.number, top.scale) : 0);
  const rounding = feet
    ? (HALF_UNIT / 12) * factor
    : Math.max(precision, first.decimals === 0 ? 0.5 * lastPlace(first.value) * (scale ?? 1) * factor : 0);
  const figureEnd = feet?.end ?? top?.end ?? firstEnd ?? end;
  return {
    text: text.slice(start, figureEnd),
    start,
    end: figureEnd,
    lo,
    hi,
    precision,
    unit,
    dimension,
    ...(assumedCurrency ? { assumedCurrency } : {}),
    approx: APPROX_BEFORE.test(before),
    ...(MIN_BEFORE.test(before) ? { bound: 'min' as const } : MAX_BEFORE.test(before) ? { bound: 'max' as const } : {}),
    ...(scaleWord && scale ? { scale: scaleWord } : {}),
    written: unitWord ?? '',
    rounding,
  };
}

/**
 * Words after a size in millimetres (or centimetres), at most two words on, that make it a
 * designation rather than a length: a calibre ("130 mm field guns", "9 mm Uzis"), a film
 * gauge ("35 mm film"), a wafer ("300mm FOUP"), a pressure ("120 mm Hg").
 */
const CALIBRE_AFTER =
  /^[\s\u00a0-]?(?:[\d./]+\s?)?(?:[\p{L}\d-]+\s){0,2}(?:calib(?:er|re)s?|L\/\d|guns?|howitzers?|mortars?|cannons?|rifles?|pistols?|Uzis?|rounds?|ammunition|shells?|artillery|rockets?|machine[- ]?guns?|anti-|self-propelled|towed|multiple|MRLs?|smoothbore|rifled|NATO|cartridges?|bullets?|barrels?|AZP|film|films|footage|camera|cameras|lens|lenses|format|cine|movie|wafers?|FOUP|Hg|mercury)\b/iu;

/** A change stated from one value to another: "rose from 5% to 7%", "raised the membership … from 87 to 100". */
const CHANGE_FROM =
  /\b(?:rais\w*|rose|rises?|risen|rising|increas\w*|grew|grow\w*|fell|fall\w*|decreas\w*|dropp?\w*|declin\w*|reduc\w*|expand\w*|shr[aiu]nk\w*|jump\w*|climb\w*|went|gone|go(?:es|ing)?|chang\w*|doubl\w*|tripl\w*|boost\w*|lower(?:ed|ing)|cuts?)\b(?:[^.;]|\.\d){0,60}?\bfrom\s?$/i;

/** "to 92%", "– 1.25 million", "to 2 million": the top of a range whose scale or unit is written after it. */
const RANGE_TOP = new RegExp(
  String.raw`^[\s\u00a0]?(–|—|-|to|and)[\s\u00a0]?(${NUMBER})(?:[\s\u00a0]?(${SCALE})(?![\p{L}\p{N}]))?` +
    String.raw`(?:[\s\u00a0]?(${UNIT})(?![\p{L}\p{N}]|[-/]\p{N}|\.\p{N}))?`,
  'u',
);

/**
 * The top of a range whose ends each carry their unit or scale ("from 83% to 92%", "70 km to
 * 90 km", "1 million to 1.25 million"), or whose bottom is written out in full and top
 * scaled ("600,000 to 2 million"): the same unit, the same scale (or none then one), a larger
 * value, and no change stated ("rose from 5% to 7%" is two figures). Its number as written,
 * its scale, its value (scale applied, not yet the unit's factor) and its end.
 */
function rangeTop(
  text: string,
  start: number,
  end: number,
  scaleWord: string | undefined,
  unitWord: string | undefined,
  bottom: number,
): { number: { value: number; decimals: number }; scale?: number; value: number; end: number } | undefined {
  if (!unitWord && !scaleWord) {
    // "600,000 to 2 million": only a bottom in the thousands, written with separators, takes the top's scale.
    if (bottom < 1000 || !/\d[,\s\u00a0\u202f\u2009]\d/.test(text.slice(start, end))) return undefined;
  } else if (unitWord && !UNITS[unitWord]) return undefined;
  const m = RANGE_TOP.exec(text.slice(end, end + 40));
  if (!m || m[4] !== unitWord) return undefined;
  // "between 15% and 30%"; "15% and 30%" alone are two figures.
  if (m[1] === 'and' && !/\bbetween\s?(?:\S{1,4}\s?)?$/i.test(text.slice(Math.max(0, start - 20), start)))
    return undefined;
  const topScale = m[3];
  if (scaleWord ? topScale !== scaleWord : !topScale && !unitWord) return undefined;
  if (topScale && /^(?:m|b|k)$/i.test(topScale)) return undefined;
  const scale = topScale ? SCALES[topScale]! : 1;
  const number = parseNumber(m[2]!);
  const value = number.value * scale;
  // "2,000 to 1 billion" is too wide to be one quantity's range; "1 million BC" is a date.
  if (value <= bottom || value > bottom * 1000 || CHANGE_FROM.test(text.slice(Math.max(0, start - 100), start)))
    return undefined;
  if (/^\s?(?:BC|BCE|AD|CE|years ago)\b/.test(text.slice(end + m[0].length, end + m[0].length + 12))) return undefined;
  return { number, ...(topScale ? { scale } : {}), value, end: end + m[0].length };
}

const INCHES = String.raw`[\s\u00a0]?(\d{1,2}(?:\.\d)?)[\s\u00a0]?(?:in|inches|inch)\b`;
const FEET_INCHES = new RegExp(`^${INCHES}`);
const TO_FEET_INCHES = new RegExp(
  String.raw`^[\s\u00a0]?(to|–|—|-|and)[\s\u00a0]?(\d{1,2})[\s\u00a0]?(?:ft|feet)${INCHES}`,
);

/**
 * A height in feet and inches read whole ("5 ft 2 in" is 5 1/6 ft, not 5 ft and a stray 2),
 * with a second one after "to" (or "and" after "between") as the top of a range; in feet.
 * Undefined when no inches follow the `feet` written from `start` to `end`.
 */
function feetAndInches(
  text: string,
  start: number,
  end: number,
  feet: number,
): { lo: number; hi: number; end: number; decimals: number } | undefined {
  const inches = FEET_INCHES.exec(text.slice(end, end + 20));
  if (!inches) return undefined;
  const lo = feet + Number(inches[1]) / 12;
  let decimals = inches[1]!.includes('.') ? 1 : 0;
  let stop = end + inches[0].length;
  let hi = lo;
  const to = TO_FEET_INCHES.exec(text.slice(stop, stop + 40));
  const between = /\bbetween\s?$/i.test(text.slice(Math.max(0, start - 12), start));
  if (to && (to[1] !== 'and' || between)) {
    const top = Number(to[2]) + Number(to[3]) / 12;
    if (top > lo) {
      hi = top;
      stop += to[0].length;
      if (to[3]!.includes('.')) decimals = 1;
    }
  }
  return { lo, hi, end: stop, decimals };
}

/**
 * A range that turned out not to be one ("3–1", "5 and 7"): read the first number alone,
 * and let the scan resume at the separator so the second number is read on its own.
 */
function retry(text: string, m: RegExpExecArray): Quantity | undefined {
  SINGLE.lastIndex = m.index;
  const again = SINGLE.exec(text);
  if (!again || again.index !== m.index) return undefined;
  FIGURE.lastIndex = again.index + again[0].length;
  return readFigure(text, again);
}
