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

describe('restatements no band can judge, or judged with care', () => {
  it('a bare $ beside US$ is another dollar; ¥ is the yen or the yuan', () => {
    expect(
      conflicts(
        `The bridge cost $1.2 billion (US$900 million) to build.${REF} The museum's budget was ¥200 million (US$29 million) in 2015.${REF}\n`,
      ),
    ).toEqual([]);
  });

  it('no judgement before 1950, nor of a redenominated currency without a later date', () => {
    const text = [
      `In 1905 the battleship cost £1,500,000 (US$7.3 million).${REF}`,
      `Each citizen received a voucher worth 10,000 rubles (about $40).${REF}`,
      `In 1994, the average salary was 220,000 rubles ($100).${REF}`,
      `The deal was worth DKK 4.7 billion (US$1.00 billion) in July 2008.${REF}`,
      `The fund was $0 (£5) at launch.${REF}`,
    ].join(' ');
    expect(conflicts(text + '\n')).toEqual([]);
    // A present-tense sentence is dated by Wikipedia itself: after 2001, after the kwanza's 1999.
    const [kwanza] = conflicts(
      `With assets of 70 billion USD (6.8 billion Kz), Angola is now the third largest market.${REF}\n`,
      'Angola',
    );
    expect(kwanza!.conflict!.class).toBe('conversion');
  });
});

describe('what is not the same quantity', () => {
  it('a part of a whole is not the whole: "X or N% of the population", "X (N% of the total)", "of which N"', () => {
    const text = [
      `According to the 2011 census, the population of Albania is 2,821,977.${REF}`,
      `In the 2011 census, 2,765,610 or 98.8% of the population declared Albanian their mother tongue.${REF}`,
      `In the 2011 census the population declared: Albanians 2,312,356 (82.6% of the total).${REF}`,
      `The upper house has 144 members, of which 96 members are chosen by local assemblies.${REF}`,
      `The lower house has 144 members.${REF}`,
    ].join(' ');
    expect(conflicts(text + '\n', 'Albania')).toEqual([]);
    // Without the parts, the same figures are compared.
    expect(
      conflicts(
        `The population of Albania is 2,821,977 in 2011.${REF} Its population was 2,765,610 in 2011.${REF}\n`,
        'Albania',
      ),
    ).toHaveLength(1);
  });

  it('a share of GDP is a share of what its sentence names, and one that names nothing is not compared', () => {
    const text = [
      `The rate of inflation was 4% and the budget deficit 3% of GDP.${REF}`,
      `External debt is extremely low at about 2% of GDP.${REF}`,
      `Growth was 3% of GDP.${REF}`,
    ].join(' ');
    expect(conflicts(text + '\n')).toEqual([]);
    const oil = conflicts(
      `The oil sector accounts for 50% of GDP.${REF} Oil production contributes 45% to GDP and 90% of exports.${REF}\n`,
    );
    expect(oil.map((g) => [g.measure, g.qualifiers, texts(g)])).toEqual([['share of GDP', ['oil'], ['50%', '45%']]]);
  });

  it('an infobox figure takes the year its sibling field gives, and a month does not hide a year', () => {
    const infobox = `{{Infobox country\n| population_estimate = 40,400,000\n| population_estimate_year = 2016\n}}\n`;
    expect(conflicts(`${infobox}In January 2013 the population was an estimated 37.9 million.${REF}\n`)).toEqual([]);
    const [g] = conflicts(`${infobox}In January 2016 the population was an estimated 37.9 million.${REF}\n`);
    expect(g!.time).toBe('2016');
    expect(g!.conflict!.class).toBe('uncited-outlier'); // the infobox value cites nothing
  });

  it('a figure converted from another unit agrees to the places the original states', () => {
    const infobox = `{{Infobox country\n| area_km2 = 1246700\n| area_sq_mi = 481354\n}}\n`;
    const [agree] = groupsOf(infobox);
    expect(agree!.conflict).toBeUndefined();
    expect(agree!.values.map((v) => v.unit)).toEqual(['km2', 'km2']);
    expect(agree!.pairs[0]!.relation).toBe('rounding');
    // 481,321 sq mi is stated to the square mile: 33 less than 481,354 is not rounding.
    const [g] = conflicts(
      `${infobox}At {{convert|481321|sqmi|km2}}, Angola is the world's twenty-third largest country.${REF}\n`,
      'Angola',
    );
    const relation = (a: number, b: number) => g!.pairs.find((p) => p.a === a && p.b === b)!.relation;
    expect([relation(0, 1), relation(0, 2), relation(1, 2)]).toEqual(['rounding', 'conflict', 'conflict']);
    // A stated integer is 178.91 rounded; 179 is not 180.
    expect(conflicts(`{{Infobox country\n| area_km2 = 178.91\n}}\nIt has an area of 179 km2.${REF}\n`)).toEqual([]);
    expect(conflicts(`{{Infobox country\n| area_km2 = 178.91\n}}\nIt has an area of 180 km2.${REF}\n`)).toHaveLength(1);
  });

  it('farmland and forest are not the country', () => {
    const infobox = `{{Infobox country\n| area_km2 = 86600\n}}\n`;
    expect(conflicts(`${infobox}In 2007 there were 47,551 km2 of utilized agricultural area.${REF}\n`)).toEqual([]);
    expect(conflicts(`${infobox}In 2007 the area was 47,551 km2.${REF}\n`)).toHaveLength(1);
  });
});

describe('measures named in other words', () => {
  it('reserves, stores, manpower and taxes are measures of their own', () => {
    const reserves = conflicts(
      `At the end of December 2011, official reserves were put at US$182 billion.${REF} Algeria has a cushion of $173 billion in foreign currency reserves.${REF}\n`,
      'Algeria',
    );
    expect(reserves.map((g) => [g.measure, g.time])).toEqual([['foreign reserves', '2011']]);
    const stores = conflicts(
      `{{Infobox company\n| num_locations = 445 (2021)\n}}\nAs of March 2021, there are 422 IKEA stores operating in 50 countries.${REF}\n`,
      'IKEA',
    );
    expect(stores.map((g) => [g.measure, texts(g)])).toEqual([['stores', ['445', '422']]]);
    const manpower = conflicts(
      `{{Infobox national military\n| active = 87,000\n}}\nReported total manpower in 2013 was about 107,000.${REF}\n`,
    );
    expect(manpower.map((g) => g.measure)).toEqual(['personnel']);
    // Profits before tax, combined profits and the tax paid are four quantities, not one.
    expect(
      conflicts(
        `It reported pre-tax profits of only €225 million in 2004.${REF} In 2004 the group reported combined profits of €553m and paid €19m in taxes.${REF} The holding made a profit of €328 million in 2004.${REF}\n`,
      ),
    ).toEqual([]);
  });

  it('"Germany, with 53 stores, … the United States, with 51 stores" are two subjects', () => {
    const text = `Germany, with 53 stores, is the biggest market, followed by the United States, with 51 stores.${REF}\n`;
    expect(conflicts(text)).toEqual([]);
    expect(groupsOf(text)).toEqual([]);
  });
});

describe('when a figure speaks', () => {
  it('a sentence in the present tense is not dated by an earlier year of its paragraph', () => {
    const lead = `The economy grew strongly in 1998.${REF} The oil sector accounts for over 50 percent of GDP.${REF}`;
    const body = `Oil sales generated USD 1.71 billion in 2004 and now make up 45% of GDP.${REF}`;
    const [g] = conflicts(`${lead}\n\n${body}\n`);
    expect(texts(g!)).toEqual(['50 percent', '45%']);
    // In the past tense the paragraph's year still dates it: 1998 and 2004 are a time series.
    const past = `The economy grew strongly in 1998.${REF} The oil sector accounted for over 50 percent of GDP.${REF}`;
    const body2 = `Oil sales generated USD 1.71 billion in 2004, and 45% of GDP.${REF}`;
    expect(conflicts(`${past}\n\n${body2}\n`)).toEqual([]);
  });

  it('a bounded count is a threshold, a bounded share a claim', () => {
    expect(
      conflicts(
        `Its population is 3.7 million.${REF} There are 20 communities with a population of at least 10,000 people.${REF}\n`,
      ),
    ).toEqual([]);
  });
});

describe('shares of the population by ethnic group', () => {
  const infobox = `{{Infobox country\n| ethnic_groups = 36% [[Ovimbundu]]<br>25% [[Ambundu]]<br>22% other African<br>2% [[Mestiço]]\n| ethnic_groups_year = 2000\n}}\n`;

  it('compares each group with itself, never with another group', () => {
    const body = `It is composed of Ovimbundu (language Umbundu) 37%, Ambundu 25%, and 32% other ethnic groups as well as about 2% mestiços.${REF}\n`;
    const found = conflicts(infobox + body, 'Angola');
    expect(found.map((g) => [g.measure, g.qualifiers, texts(g)])).toEqual([
      ['ethnic share', ['ovimbundu'], ['36%', '37%']],
      ['ethnic share', ['other'], ['22%', '32%']],
    ]);
    const agree = groupsOf(infobox + body, 'Angola').filter((g) => !g.conflict);
    expect(agree.map((g) => g.qualifiers[0]).sort()).toEqual(['ambundu', 'mestiço']);
  });

  it('reads the group after the share or before it, in the words prose uses', () => {
    const body = `Ethnically, the Ovimbundu who represent 36% of the population are the largest group.${REF} Roughly 36% of Angolans are Ovimbundu, 25% are Ambundu, and people from other African ethnicities make up 22%.${REF}\n`;
    const groups = groupsOf(infobox + body, 'Angola');
    expect(groups.filter((g) => g.conflict)).toEqual([]);
    expect(groups.map((g) => [g.qualifiers[0], g.values.length])).toEqual([
      ['ovimbundu', 3],
      ['ambundu', 2],
      ['other', 2],
    ]);
  });

  it('a percentage beside a name outside an ethnic context is not a share of the population', () => {
    expect(groupsOf(`The Labour party won 36% of the vote.${REF} Labour polled 41% in 2010.${REF}\n`)).toEqual([]);
  });
});

describe('cases from the held-out pages', () => {
  it('a price level is no amount and no date, and two price levels are two quantities', () => {
    const [q] = analyzeFigures('x', extract('x', catalog), catalog).groups; // nothing on an empty page
    expect(q).toBeUndefined();
    const text = `Alberta's 2014 GDP amassed $364.5 Billion in 2007 dollars, or $414.3 Billion in 2015 dollars.${REF}\n`;
    const groups = groupsOf(text, 'Alberta');
    expect(groups.filter((g) => g.conflict)).toEqual([]);
    // "Billion" with a capital is a scale word too, and "2015 dollars" is no figure.
    const values = groups.flatMap((g) => g.values.map((v) => v.lo));
    expect(values.every((v) => v !== 2015)).toBe(true);
    expect(
      conflicts(`In 2014 the GDP was $364.5 Billion.${REF} The GDP in 2014 was $414.3 Billion.${REF}\n`),
    ).toHaveLength(1);
  });

  it('the two ends of a change are two times', () => {
    expect(conflicts(`Tax revenue also increased from $400 million to $700 million.${REF}\n`)).toEqual([]);
    expect(
      conflicts(`Asda increased the shop's £6,000 per week sales to around £60,000 per week.${REF}\n`, 'Asda'),
    ).toEqual([]);
  });

  it('land, water, with and without adjacent seas are different areas', () => {
    expect(
      conflicts(
        `{{Infobox province\n| TotalArea_km2 = 661848\n}}\nWith a land area of 640081.87 km2, it is large.${REF} With its adjacent seas, it occupies an area of about 106400000 km2; without them, it has an area of 82400000 km2.${REF}\n`,
      ),
    ).toEqual([]);
  });

  it('an area of something named after it is that thing’s area; a participle starting a sentence names nothing', () => {
    expect(
      conflicts(
        `Glacier ice covers some 16000 sqmi of land.${REF} The Bering Glacier complex near the border covers 2250 sqmi alone.${REF} The area of the state is about 12000 sqmi.${REF}\n`,
      ),
    ).toEqual([]);
    const [g] = conflicts(
      `{{Infobox national military\n| active = 87,000\n}}\nReported total manpower in 2013 was about 107,000.${REF}\n`,
    );
    expect(g!.subject).toBe('article');
  });

  it('a sector before a revenue or an export names a quantity of its own', () => {
    const text = `Energy revenues totalled $111.7 Billion and Energy resource exports totalled $90.8 Billion.${REF} In 2014, Merchandise exports totalled US$121.4 Billion.${REF} Manufacturing sales totaled $79.4 Billion.${REF}\n`;
    expect(conflicts(text, 'Alberta')).toEqual([]);
    expect(groupsOf(text, 'Alberta')).toEqual([]);
    expect(
      conflicts(`Energy revenues totalled $111.7 Billion.${REF} Energy revenues were $79.4 Billion.${REF}\n`),
    ).toHaveLength(1);
  });

  it('an undated infobox figure is the latest one: it is not compared with an older year', () => {
    const infobox = `{{Infobox province\n| Population = 3645257\n}}\n`;
    expect(
      conflicts(
        `${infobox}This was a 10.8% change from its 2006 population of 3,290,350.${REF} The population was estimated at 4,196,457 in 2015.${REF}\n`,
      ),
    ).toEqual([]);
    expect(conflicts(`${infobox}The population was 3,290,350 in 2006.${REF}\n`)).toHaveLength(1);
  });

  it('an undated infobox figure is not compared with a year long before the page’s latest', () => {
    const infobox = `{{Infobox settlement\n| area_total_km2 = 630\n}}\n`;
    const body = `In 1787, the British secured an area of 1000 km2.${REF} The 2011 census counted 2.6 million residents.${REF}\n`;
    expect(conflicts(infobox + body, 'Toronto')).toEqual([]);
    // The same year as the page's latest: compared.
    expect(conflicts(`${infobox}In 2011 the city had an area of 1000 km2.${REF}\n`, 'Toronto')).toHaveLength(1);
  });

  it('a labelled line of an infobox value names its own subject', () => {
    const text = `{{Infobox ocean\n| area = 106460000 km2<br>North Atlantic: 41490000 km2<br>South Atlantic 40270000 km2\n}}\n`;
    expect(conflicts(text, 'Atlantic Ocean').filter((g) => texts(g).includes('41490000 km2'))).toEqual([]);
  });
});

describe('shares of the speakers of a language, and of the Earth’s surface', () => {
  it('reads the language after "speak" and on its own infobox line, never from the next line', () => {
    const infobox = `{{Infobox U.S. state\n| Languages = [[English language|English]] 89.7%<br>Native (Eskimo–Aleut and Na-Dene languages) 5.2%<br>[[Spanish language|Spanish]] 2.9%\n}}\n`;
    const body = `About 82.4% of people over the age of five speak only English at home.${REF} About 2.9% speak Spanish at home, and about 2.2% speak another language.${REF}\n`;
    const groups = groupsOf(infobox + body, 'Alaska');
    expect(groups.map((g) => [g.measure, g.qualifiers, texts(g), Boolean(g.conflict)])).toEqual([
      ['language share', ['english'], ['89.7%', '82.4%'], true],
      ['language share', ['spanish'], ['2.9%', '2.9%'], false],
    ]);
  });

  it('compares shares of the Earth’s surface, and two decimals a place apart are not one rounded value', () => {
    const [g] = conflicts(
      `Asia covers 8.7% of the Earth's total surface area.${REF} It covers 8.8% of the Earth's total surface area.${REF}\n`,
      'Asia',
    );
    expect(g!.measure).toBe("share of Earth's surface");
    expect(
      conflicts(`It covers 8.7% of the Earth's surface.${REF} It covers 8.70% of the Earth's surface.${REF}\n`),
    ).toEqual([]);
  });
});

describe('lists, sides and fields that share a measure word', () => {
  it('a chain of values too far apart at its ends is a list; one quantity stated four ways is not', () => {
    const said = (values: string[]) => values.map((v) => `The capacity is ${v}.${REF}`).join(' ') + '\n';
    // 143,000 against 40,646 cannot be one quantity: the capacities of several stadiums.
    expect(conflicts(said(['101,821', '80,601', '40,646', '143,000']))).toEqual([]);
    // Four values close together: one capacity stated inconsistently.
    expect(conflicts(said(['101,821', '100,077', '102,500', '98,000']))).toHaveLength(1);
    // A figure apart from everything else takes no part: two values in conflict stay flagged.
    expect(
      conflicts(said(['891.7 km2', '891.1 km2', '30546 km2', '43 ha']).replaceAll('capacity', 'area')),
    ).toHaveLength(1);
  });

  it('a scale slip is a power of a thousand within a tenth, not any ratio near it', () => {
    expect(conflicts(`The budget was $2.46 billion.${REF} The budget was $2.5 million.${REF}\n`)).toHaveLength(1);
    expect(conflicts(`The club has 120,000 members.${REF} The club has 105 members.${REF}\n`)).toEqual([]);
  });

  it('"Union casualties" and "Confederate casualties" are two sides, not one count', () => {
    const text = `Union casualties were 4,000.${REF} Confederate casualties were 3,600.${REF}\n`;
    expect(conflicts(text, 'Battle of Mill Springs')).toEqual([]);
    // One side stated twice, differently: flagged.
    expect(
      conflicts(`Union casualties were 4,000.${REF} Union casualties were 3,600.${REF}\n`, 'Battle of Mill Springs'),
    ).toHaveLength(1);
  });

  it('an infobox operating income is not the net income', () => {
    const text = `{{Infobox company\n| operating_income = {{increase}} US$6.89 billion (2020)\n| net_income = {{decrease}} US$5.59 billion (2020)\n}}\nIn 2020 its net income was US$5.59 billion.${REF}\n`;
    // The net income is compared with the body's, and the operating income stays out of it.
    expect(groupsOf(text, 'IBM').map((g) => [g.measure, texts(g), Boolean(g.conflict)])).toEqual([
      ['net income', ['US$5.59 billion', 'US$5.59 billion'], false],
    ]);
  });
});

describe('whose figure it is', () => {
  it('a proper name right before the verb, or opening the sentence, names the subject', () => {
    expect(
      conflicts(
        `The Assemblies of God had almost 60,000 members, the Churches of Christ had nearly 120,000 members.${REF}\n`,
        'Alabama',
      ),
    ).toEqual([]);
    const uk = `The total area of the United Kingdom is approximately 243610 km2.${REF} England accounts for just over half of the total area of the UK, covering 130395 km2.${REF} Northern Ireland, separated from Great Britain by the Irish Sea, has an area of 14160 km2.${REF}\n`;
    const groups = groupsOf(uk, 'United Kingdom');
    expect(groups.filter((g) => g.conflict)).toEqual([]);
    // The same sentences about one subject are compared.
    expect(
      conflicts(`England covers 130395 km2.${REF} England has an area of 130279 km2.${REF}\n`, 'United Kingdom'),
    ).toHaveLength(1);
  });

  it('a sentence opening with "It" speaks of what the sentence before named', () => {
    const text = `Bryant–Denny Stadium is the home of the Alabama football team and has a seating capacity of 101,821.${REF} Ladd-Peebles Stadium in Mobile is the home of the Senior Bowl. It seats 40,646.${REF} Legion Field has a seating capacity of 71,594.${REF}\n`;
    expect(conflicts(text, 'Alabama')).toEqual([]);
    expect(
      conflicts(`Legion Field has a capacity of 71,594.${REF} It has a capacity of 80,601.${REF}\n`, 'Alabama'),
    ).toHaveLength(1);
  });

  it('a name of several words may start like a participle: "the United States"', () => {
    const text = `Germany, with 53 stores, is IKEA's biggest market, followed by the United States, with 51 stores.${REF} The United States has 51 stores.${REF}\n`;
    expect(groupsOf(text, 'IKEA').map((g) => [g.subject, texts(g), Boolean(g.conflict)])).toEqual([
      ['united states', ['51', '51'], false],
    ]);
  });

  it('a name the lead sets in bold is the article, its link markup read as text', () => {
    const text = `{{Infobox national military\n| active = 45,000${REF}\n}}\nThe '''[[Ruritania]]n Armed Forces''' have 4,500 active personnel.${REF}\n== History ==\nRuritanian Armed Forces is a name.\n`;
    // Under another title the bold name still names the article: 45,000 against 4,500, a dropped zero.
    expect(conflicts(text, 'Fixture').map((g) => [g.subject, texts(g), g.conflict?.class])).toEqual([
      ['article', ['45,000', '4,500'], 'scale-slip'],
    ]);
  });

  it('an urban area is not the functional urban area around it', () => {
    const text = `In 2019, the urban area of Berlin had about 4.5 million inhabitants.${REF} In 2019, the functional urban area had about 5.2 million inhabitants.${REF}\n`;
    expect(conflicts(text, 'Berlin')).toEqual([]);
    expect(conflicts(text.replace('functional urban area', 'urban area'), 'Berlin')).toHaveLength(1);
  });

  it('a year after the revision was saved is a projection, not the page’s latest', () => {
    const text = `{{Infobox settlement\n| area_total_km2 = 891.7\n}}\nAt the end of 2018, the city had 3.75 million inhabitants in an area of 891.1 km2.${REF} The planned initial capacity of around 27 million passengers per year is to be further developed to bring the terminal capacity to approximately 55 million per year by 2040.${REF}\n`;
    const analyze = (timestamp?: string) =>
      analyzeFigures(text, extract(text, catalog, { title: 'Berlin' }), catalog, 'Berlin', timestamp).groups.filter(
        (g) => g.conflict,
      );
    expect(analyze('2021-12-01T00:00:00Z').map((g) => g.measure)).toEqual(['area']);
    // Without the revision's date, 2040 is the latest year, and 2018 too old for the infobox.
    expect(analyze()).toEqual([]);
  });
});

describe('the words between two figures', () => {
  it('belong to the figure before them up to the last "and" or comma', () => {
    const text = `Asia covers about 30% of Earth's total land area and 8.7% of the Earth's total surface area.${REF} It covers 8.8% of the Earth's total surface area.${REF}\n`;
    const [g] = conflicts(text, 'Asia');
    expect(g?.values.map((v) => v.text)).toEqual(['8.7%', '8.8%']);
  });

  it('except a restatement, which shares the words of the figure it restates', () => {
    const text = `{{Infobox U.S. state\n| LandArea = 571,951\n}}\nIt has a land area of 1,481,346 km2 (571,951 sq mi).${REF} Its land area is 1,481,350 km2.${REF}\n`;
    const groups = groupsOf(text, 'Alaska').filter((g) => g.measure === 'area');
    expect(groups.map((g) => [g.qualifiers, g.values.length])).toEqual([[['land'], 3]]);
  });

  it('a phrase opening the clause still qualifies its figure', () => {
    const text = `With its adjacent seas, it occupies an area of about 106400000 km2; without them, it has an area of 82400000 km2.${REF} With a total area of about 106,400,000 km2, it covers 20 percent of the Earth's surface.${REF}\n`;
    // "without them" keeps 82400000 km2 apart; the two totals agree.
    expect(
      groupsOf(text, 'Atlantic Ocean').map((g) => [g.measure, g.qualifiers, texts(g), Boolean(g.conflict)]),
    ).toEqual([['area', [], ['106400000 km2', '106,400,000 km2'], false]]);
  });
});

describe('events', () => {
  it('troops sent with no year of their own are another deployment than those of a year', () => {
    const text = `On the night of April 18, 1775, General Gage sent 700 men to seize munitions.${REF} A detachment sent out to seize supplies was defeated, depriving him of 1,000 men.${REF}\n`;
    expect(conflicts(text, 'American Revolutionary War')).toEqual([]);
    const dated = `In 1775, General Gage sent 700 men to Concord.${REF} In 1775, General Gage sent 1,000 men to Concord.${REF}\n`;
    expect(conflicts(dated, 'American Revolutionary War')).toHaveLength(1);
  });
});

describe('lengths and elevations that belong to a part or a place', () => {
  it('compares no lengths in centimetres or millimetres: they measure parts (a tail, a tongue), not the article', () => {
    const text =
      `The aardvark's tongue is 30 cm long.${REF} Its ears are 20–25 cm long.${REF}` +
      ` The body is 105 to 130 cm long.${REF}\n`;
    expect(groupsOf(text)).toEqual([]);
  });

  it('reads elevations from the infobox, not from prose, where each is a named place’s', () => {
    const prose =
      `Its capital is the highest capital city in Europe, at an elevation of {{convert|1023|m|ft}}.${REF}` +
      ` The first cricket match was played at an altitude of {{convert|1300|m|ft}}.${REF}` +
      ` The average elevation is {{convert|1996|m|ft}}.${REF}\n`;
    expect(groupsOf(prose)).toEqual([]);
    const infobox = `{{Infobox settlement\n| elevation_m = 1023\n}}\nThe town lies at an elevation of {{convert|1023|m|ft}}.${REF}\n`;
    expect(groupsOf(infobox)).toEqual([]);
  });

  it('keeps an average, a highest or a lowest value apart from the plain one', () => {
    const text =
      `The country has 20,000 employees.${REF} The average workforce is 15,000 employees.${REF}` +
      ` At its highest it had 30,000 employees.${REF}\n`;
    expect(conflicts(text)).toEqual([]);
  });
});
