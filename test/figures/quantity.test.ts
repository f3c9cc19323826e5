import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/audit/index.ts';
import { findQuantities } from '../../src/figures/index.ts';
import { proseOf } from '../../src/figures/prose.ts';
import { extract } from '../../src/wikitext/index.ts';
import { enwikiPack } from '../support/pack.ts';

/** The figures found in a sentence, as [text, lo, hi, unit]. */
const read = (s: string) => findQuantities(s).map((q) => [q.text, q.lo, q.hi, q.unit]);

describe('findQuantities', () => {
  it.each([
    ['were set at $2.46 billion USD, however', [['$2.46 billion USD', 2.46e9, 2.46e9, 'USD']]],
    ['only $1.473 billion was spent', [['$1.473 billion', 1.473e9, 1.473e9, 'USD']]],
    ['revenue of €3.5bn in', [['€3.5bn', 3.5e9, 3.5e9, 'EUR']]],
    ['a budget of US$20m this year', [['US$20m', 2e7, 2e7, 'USD']]],
    ['The forces number 56,840 men', [['56,840', 56840, 56840, 'count']]],
    ['about 12% of the vote', [['12%', 12, 12, 'percent']]],
    ['between 70 and 90 people', [['70 and 90', 70, 90, 'count']]],
    ['from 70–90 km long', [['70–90 km', 70, 90, 'km']]],
    // Feet and inches are one length, and two of them joined by "to" one range.
    ['He was 6 ft 3 in tall', [['6 ft 3 in', 6.25 * 0.0003048, 6.25 * 0.0003048, 'km']]],
    [
      'Height must be 5 ft 2 in to 6 ft 2 in (1.58 m to 1.88 m).',
      [['5 ft 2 in to 6 ft 2 in', (62 / 12) * 0.0003048, (74 / 12) * 0.0003048, 'km']],
    ],
    [
      'between 4 ft 10.5 in and 6 ft 4 in tall',
      [['4 ft 10.5 in and 6 ft 4 in', (58.5 / 12) * 0.0003048, (76 / 12) * 0.0003048, 'km']],
    ],
    [
      '12 feet tall and 3 ft 4 in thick',
      [
        ['12 feet', 12 * 0.0003048, 12 * 0.0003048, 'km'],
        ['3 ft 4 in', (40 / 12) * 0.0003048, (40 / 12) * 0.0003048, 'km'],
      ],
    ],
    ['an area of 15.5 km2 in', [['15.5 km2', 15.5, 15.5, 'km2']]],
    // Lengths in centimetres and millimetres, in the base unit (km).
    ['can reach 32 cm and', [['32 cm', 32e-5, 32e-5, 'km']]],
    ['a length of 7.7 mm', [['7.7 mm', 7.7 * 0.000001, 7.7 * 0.000001, 'km']]],
    // A range whose unit or scale is written after both ends, or whose bottom is written in full.
    ['varies from 83% to 92% (soluble', [['83% to 92%', 83, 92, 'percent']]],
    ['Between 15% and 30% of known', [['15% and 30%', 15, 30, 'percent']]],
    ['from 70 km to 90 km', [['70 km to 90 km', 70, 90, 'km']]],
    ['captured 1 million to 1.25 million people', [['1 million to 1.25 million', 1e6, 1.25e6, 'count']]],
    ['There are 600,000 to 2 million former', [['600,000 to 2 million', 6e5, 2e6, 'count']]],
    // A change from one value to another is two figures, not a range.
    [
      'raised the membership of the Senate from 87 to 100 through',
      [
        ['87', 87, 87, 'count'],
        ['100', 100, 100, 'count'],
      ],
    ],
    // The first end of a change takes the unit written after the second.
    [
      'increasing VAT (from 16 to 19%)',
      [
        ['16', 16, 16, 'percent'],
        ['19%', 19, 19, 'percent'],
      ],
    ],
    // The second end of a change keeps its own sign; a year opening a change is no figure.
    [
      'Revenue rose from $16 to $19 million and from £16 to £19m',
      [
        ['$16', 16e6, 16e6, 'USD'],
        ['$19 million', 19e6, 19e6, 'USD'],
        ['£16', 16e6, 16e6, 'GBP'],
        ['£19m', 19e6, 19e6, 'GBP'],
      ],
    ],
    ['The company grew from 1998 to 12,000 employees', [['12,000', 12000, 12000, 'count']]],
    [
      'VAT was cut from 20 to 15% and lowered from 40 to 30%',
      [
        ['20', 20, 20, 'percent'],
        ['15%', 15, 15, 'percent'],
        ['40', 40, 40, 'percent'],
        ['30%', 30, 30, 'percent'],
      ],
    ],
    // After a word of time, a number followed by what it counts is a count; "Since 800 the town" is a year.
    ['After 300 people died', [['300', 300, 300, 'count']]],
    // A word that is no change ("lower") leaves a range a range; a decimal point does not hide the change.
    ['The lower house has from 100 to 150 members', [['100 to 150', 100, 150, 'count']]],
    [
      'rose by 2.5 points from 5% to 7.5%',
      [
        ['2.5', 2.5, 2.5, 'count'],
        ['5%', 5, 5, 'percent'],
        ['7.5%', 7.5, 7.5, 'percent'],
      ],
    ],
    // A top that is a date ends no range.
    ['between 600,000 and 1 million BC', [['600,000', 6e5, 6e5, 'count']]],
    // A range is at most a thousandfold; a bottom in the thousands takes the top's scale only when written in full.
    [
      'from 2,000 to 1 billion and 5000 to 2 million',
      [
        ['2,000', 2000, 2000, 'count'],
        ['1 billion', 1e9, 1e9, 'count'],
        ['5000', 5000, 5000, 'count'],
        ['2 million', 2e6, 2e6, 'count'],
      ],
    ],
    [
      'the rate rose from 5% to 7%',
      [
        ['5%', 5, 5, 'percent'],
        ['7%', 7, 7, 'percent'],
      ],
    ],
    // "and" joins a range only after "between".
    [
      'a 15% and 30% share',
      [
        ['15%', 15, 15, 'percent'],
        ['30%', 30, 30, 'percent'],
      ],
    ],
    // A capitalized word opening a sentence is no model name.
    ['After 5–6 weeks, body hair', [['5–6', 5, 6, 'count']]],
    ['amount $4,7 billion (2017)', [['$4,7 billion', 4.7e9, 4.7e9, 'USD']]],
  ])('%s', (sentence, expected) => {
    expect(read(sentence)).toEqual(expected);
  });

  it('states its precision: decimals and scale words round, plain integers to the unit, money exactly', () => {
    const [a, b, c, d, e, f] = findQuantities('$1.5 billion, $300 million, 8,000 men, $1,473 million, 179 km2 and €1');
    expect(a!.precision / 0.05e9).toBeCloseTo(1, 5);
    expect(b!.precision).toBeCloseTo(50e6);
    expect(c!.precision).toBeCloseTo(0.5);
    expect(d!.precision).toBeCloseTo(0.5e6);
    expect(e!.precision).toBeCloseTo(0.5);
    expect(f!.precision).toBe(0);
    // How far a conversion from another unit may be off: half the last non-zero place.
    expect(c!.rounding).toBe(500);
    expect(e!.rounding).toBe(0.5);
  });

  it('states the precision of a range whose ends each carry the unit in that unit, as of a single figure', () => {
    const [feet] = findQuantities('from 100 ft to 200 ft');
    const [single] = findQuantities('200 ft');
    expect(feet).toMatchObject({ lo: 100 * 0.0003048, hi: 200 * 0.0003048 });
    expect(feet!.precision).toBeCloseTo(single!.precision, 12);
    const [scaled] = findQuantities('600,000 to 2 million');
    expect(scaled!.precision).toBeCloseTo(0.5e6);
  });

  it('marks approximations and bounds', () => {
    const [some, over, upTo] = findQuantities('some 8,000 men, over 7,000 loads and up to 40 aircraft');
    expect(some).toMatchObject({ approx: true });
    expect(over).toMatchObject({ bound: 'min' });
    expect(upTo).toMatchObject({ bound: 'max' });
  });

  it.each([
    'In 2009 the army was reformed.',
    'It was founded on 26 June 1918.',
    'on May 12, 1995 the base opened',
    'the 4th Army and the 75th Motor Rifle Division',
    'flies the MiG-29, the Su-25 and the S-300PMU2',
    'the 9A52 Smerch and the T-155 Fırtına',
    'the Boeing 747 on Route 66',
    'see p. 12 and pp. 14–16, No. 5, ISBN 978',
    'in the 1990s and 2000s',
    'at 10:30 in the morning',
    'from 1830 to 1872 and between 1996 and 2001',
    'the more capable 155mm 52 caliber, a 120 mm mortar and 7.62 mm rounds',
    'the 2004–05 season, the plague of 1620–21 and the 2010-14 programme',
    'an 85 mm divisional gun, 130 mm field guns, 35 mm film and a pressure of 120 mm Hg',
    'After 400, Greek alchemical writers; Until 476 Rome; Since 800 the town',
    'It is located at (39.188639, -120.108848).',
  ])('no figure in "%s"', (sentence) => {
    expect(read(sentence)).toEqual([]);
  });

  it('reads a score as single numbers, never as a range', () => {
    expect(read('a 3–1 win and a 2–2 draw')).toEqual([
      ['3', 3, 3, 'count'],
      ['1', 1, 1, 'count'],
      ['2', 2, 2, 'count'],
      ['2', 2, 2, 'count'],
    ]);
  });
});

describe('the prose view follows the pack’s case rule', () => {
  it('on a case-sensitive wiki, {{infobox settlement}} is no {{Infobox …}}, as extraction says too', () => {
    const text = '{{infobox settlement|population_total=5,000}}\nThe town has 5,000 people.\n';
    const infoboxFields = (catalog: ReturnType<typeof catalogOf>) =>
      proseOf(text, extract(text, catalog), catalog).filter((p) => p.infobox);
    expect(infoboxFields(catalogOf(enwikiPack()))).toHaveLength(1);
    expect(infoboxFields(catalogOf({ ...enwikiPack(), case: 'case-sensitive' }))).toHaveLength(0);
  });
});
