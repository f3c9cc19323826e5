import { describe, expect, it } from 'vitest';
import { analyzeFigures, type FigureGroupReport } from '../../src/figures/index.ts';
import { extract } from '../../src/wikitext/index.ts';
import { enwikiCatalog } from '../support/pack.ts';

/**
 * How claims are grouped and judged, on small articles written for each case. The labeled
 * set (`npm run eval:figures`) measures the same on real pages; these pin the reasons.
 */
const catalog = enwikiCatalog();
const REF = '<ref>{{cite web |url=https://example.org/a |title=A |publisher=Example}}</ref>';

function groupsOf(wikitext: string, title = 'Example'): FigureGroupReport[] {
  return analyzeFigures(wikitext, extract(wikitext, catalog, { title }), catalog, title).groups;
}
const conflicts = (wikitext: string, title?: string) => groupsOf(wikitext, title).filter((g) => g.conflict);
const texts = (g: FigureGroupReport) => g.values.map((v) => v.text);

describe('amounts restated in another currency', () => {
  it('flags a restatement no exchange rate could give, and says which pair is wrong', () => {
    const [wrong, ...rest] = conflicts(
      `The foundation has amassed $12 billion (£18 billion).${REF} The toy sold for 40 yuan (US$5.83, £9.10, €3.70).${REF}\n`,
    );
    expect(rest).toHaveLength(1);
    expect(texts(wrong!)).toEqual(['$12 billion', '£18 billion']);
    expect(wrong!.conflict).toEqual({ class: 'conversion', severity: 'high' });
    expect(wrong!.qualifiers).toEqual(['restated']);
    const toy = rest[0]!;
    expect(texts(toy)).toEqual(['40 yuan', 'US$5.83', '£9.10', '€3.70']);
    // Only the pound is wrong: yuan, dollar and euro agree with one another.
    const conflicting = toy.pairs.filter((p) => p.relation === 'conflict').map((p) => [p.a, p.b]);
    expect(conflicting.every(([a, b]) => a === 2 || b === 2)).toBe(true);
    expect(conflicting.length).toBeGreaterThan(0);
  });

  it('a missing scale word in the brackets is wrong by a factor of a million', () => {
    const [g] = conflicts(`An annual budget of DZD 200 million (EUR 1.8) goes to production.${REF}\n`);
    expect(texts(g!)).toEqual(['DZD 200 million', 'EUR 1.8']);
    expect(g!.measure).toBe('budget');
    expect(g!.pairs[0]!.ratio).toBeGreaterThan(1e5);
  });

  it('stays quiet on plausible conversions, and on brackets that are more than a restatement', () => {
    expect(
      conflicts(
        [
          `Revenues were 220 trillion KRW ($172.5 billion) in 2009.${REF}`,
          `The budget exceeded €24.5 billion (US$30.0 billion) in 2015.${REF}`,
          `He was paid £1,000 ($2,800) in 1955.${REF}`,
          // Inflation, a part, and a currency with no stable band are none of our business.
          `It cost $1 million (equivalent to $15 million in 2020).${REF}`,
          `It raised £5 million (of which $2 million came from donors).${REF}`,
          `It cost 4,000 manat ($1.50) in 2004.${REF}`,
        ].join(' ') + '\n',
      ),
    ).toEqual([]);
    expect(groupsOf(`Revenues were 220 trillion KRW ($172.5 billion) in 2009.${REF}\n`)).toHaveLength(1);
  });
});
