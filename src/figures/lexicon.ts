import type { Dimension } from './quantity.ts';

/**
 * Canonical measures and the words that name them (English). A figure gets a measure only
 * from these words: a number whose measure is unknown is never compared with anything.
 */
export interface Measure {
  id: string;
  /** Dimensions a figure must have to take this measure. */
  dimensions: Dimension[];
  /** Nouns counted right after the number ("56,840 men", "106 aircraft"). */
  counted?: RegExp;
  /** Words near the number, in its clause ("budget was $1.5 billion", "85,000 strong"). */
  near?: RegExp;
  /** Infobox field names. */
  fields?: RegExp;
}

export const MEASURES: Measure[] = [
  {
    id: 'budget',
    dimensions: ['currency'],
    near: /\b(?:budgets?|expenditures?|spending|spent|spends?|outlays?|allocat\w+|allots?|appropriat\w+)\b/i,
    fields: /^(?:amount|budget|expenditure|spending|military_budget)$/i,
  },
  {
    id: 'revenue',
    dimensions: ['currency'],
    near: /\b(?:revenues?|turnover|sales)\b/i,
    fields: /^(?:revenue|turnover)$/i,
  },
  {
    id: 'net income',
    dimensions: ['currency'],
    near: /\b(?:net income|net profits?|profits?|net loss|earnings)\b/i,
    fields: /^(?:net_income|profit|operating_income)$/i,
  },
  {
    id: 'taxes',
    dimensions: ['currency'],
    near: /\b(?:tax(?:es)?|taxation)\b/i,
  },
  {
    id: 'foreign reserves',
    dimensions: ['currency'],
    near: /\b(?:reserves|foreign[- ](?:exchange|currency) holdings)\b/i,
    fields: /^(?:reserves|foreign_reserves)$/i,
  },
  { id: 'exports', dimensions: ['currency'], near: /\bexports?\b/i, fields: /^exports$/i },
  { id: 'imports', dimensions: ['currency'], near: /\bimports?\b/i, fields: /^imports$/i },
  { id: 'GDP', dimensions: ['currency'], near: /\b(?:GDP|gross domestic product)\b/, fields: /^GDP_(?:nominal|PPP)$/i },
  {
    id: 'share of GDP',
    dimensions: ['percent'],
    near: /\b(?:(?:of|to) (?:the |its )?(?:GDP|gross domestic product))\b/i,
    fields: /^percent_GDP$/i,
  },
  {
    id: "share of Earth's surface",
    dimensions: ['percent'],
    near: /\bof (?:the )?Earth['’]s (?:total )?surface\b/i,
  },
  {
    id: "share of Earth's land",
    dimensions: ['percent'],
    near: /\bof (?:the )?Earth['’]s (?:total )?land(?: surface| area)?\b/i,
  },
  {
    id: 'personnel',
    dimensions: ['count'],
    counted:
      /^(?:(?:former|active(?:-duty)?|regular|military|uniformed|serving|service|armed) ){0,3}(?:personnel|troops|soldiers|servicemen|servicemembers|service members|men|sailors|airmen|marines|conscripts|reservists|staff)\b/i,
    near: /\b(?:strong|manpower)\b/i,
    fields: /^(?:active|active_personnel|reserve|reserve_personnel|strength|size|personnel)$/i,
  },
  {
    id: 'employees',
    dimensions: ['count'],
    counted: /^(?:employees|workers|people employed)\b/i,
    near: /\b(?:employs|employed|workforce)\b/i,
    fields: /^(?:num_employees|employees)$/i,
  },
  {
    id: 'aircraft',
    dimensions: ['count'],
    counted: /^(?:combat |military |transport |fighter |attack )?(?:aircraft|airplanes|planes|jets)\b/i,
  },
  { id: 'helicopters', dimensions: ['count'], counted: /^(?:combat |attack |transport |military )?helicopters\b/i },
  { id: 'tanks', dimensions: ['count'], counted: /^(?:main battle |battle )?tanks\b/i },
  { id: 'artillery', dimensions: ['count'], counted: /^(?:artillery (?:systems|pieces|guns)|howitzers)\b/i },
  {
    id: 'armoured vehicles',
    dimensions: ['count'],
    counted: /^(?:armou?red (?:combat |personnel )?(?:vehicles|carriers)|APCs|IFVs)\b/i,
  },
  { id: 'ships', dimensions: ['count'], counted: /^(?:warships|ships|vessels|submarines|patrol boats)\b/i },
  {
    id: 'casualties',
    dimensions: ['count'],
    counted: /^(?:people |civilians |soldiers |troops )?(?:dead|deaths|killed|casualties|fatalities|victims)\b/i,
    near: /\b(?:were killed|died|deaths|death toll|casualties|fatalities)\b/i,
  },
  { id: 'wounded', dimensions: ['count'], counted: /^(?:people |civilians |soldiers )?(?:wounded|injured)\b/i },
  {
    id: 'population',
    dimensions: ['count'],
    counted: /^(?:inhabitants|residents|people living)\b/i,
    near: /\b(?:population|populated by|inhabitants)\b/i,
    fields: /^(?:population(?:_total|_est|_estimate|_census)?|pop)$/i,
  },
  {
    id: 'students',
    dimensions: ['count'],
    counted: /^(?:students|pupils|undergraduates|enrolled)\b/i,
    near: /\benrol(?:l)?ment\b/i,
    fields: /^(?:students|undergrad|postgrad)$/i,
  },
  {
    id: 'members',
    dimensions: ['count'],
    counted: /^(?:members|member states)\b/i,
    fields: /^(?:members|membership)$/i,
  },
  {
    id: 'stores',
    dimensions: ['count'],
    // "422 IKEA stores": a brand may stand between the number and the noun.
    counted: /^(?:\p{Lu}[\p{L}&.'-]*\s){0,2}(?:stores|shops|outlets|branches|restaurants|locations|hotels)\b/u,
    fields: /^(?:num_locations|locations|num_stores|stores)$/i,
  },
  { id: 'speakers', dimensions: ['count'], counted: /^(?:speakers|native speakers)\b/i, fields: /^speakers$/i },
  {
    id: 'area',
    dimensions: ['area'],
    // Only figures in units of area take it: "At 652,230 km2, it is the world's 41st largest country".
    near: /\b(?:area|covers|covering|spans|size|largest|smallest|biggest)\b/i,
    fields: /^area(?:_total|_land|_water)?(?:_km2|_sq_mi)?$/i,
  },
  { id: 'length', dimensions: ['length'], near: /\b(?:long|length)\b/i, fields: /^length(?:_km|_mi)?$/i },
  {
    id: 'elevation',
    dimensions: ['length'],
    near: /\b(?:elevation|altitude|above sea level)\b/i,
    fields: /^(?:elevation|elevation_m|elevation_ft)$/i,
  },
  { id: 'height', dimensions: ['length'], near: /\b(?:tall|high|height)\b/i, fields: /^height$/i },
  {
    id: 'capacity',
    dimensions: ['count', 'power'],
    near: /\b(?:capacity|seats|seating)\b/i,
    fields: /^(?:capacity|seats|seating_capacity)$/i,
  },
];

/**
 * What a share of GDP is a share of: the debt, the deficit, the oil sector. The nearest of
 * these before the figure in its sentence names it; a share of GDP that names none is not
 * compared with anything ("4% of GDP" alone may be any of them).
 */
export const GDP_PARTS: [string, RegExp][] = [
  ['military', /\b(?:military|defen[cs]e|armed forces|arms)\b/i],
  ['oil', /\b(?:oil|petroleum|hydrocarbons?|crude)\b/i],
  ['gas', /\b(?:natural )?gas\b/i],
  ['agriculture', /\b(?:agricultur\w*|farming)\b/i],
  ['industry', /\bindustr\w*/i],
  ['manufacturing', /\bmanufactur\w*/i],
  ['mining', /\bmining\b/i],
  ['construction', /\bconstruction\b/i],
  ['services', /\bservices?(?: sector)?\b/i],
  ['tourism', /\btouris\w*/i],
  ['remittances', /\bremittances?\b/i],
  ['deficit', /\bdeficits?\b/i],
  ['debt', /\bdebts?\b/i],
  ['surplus', /\bsurplus(?:es)?\b/i],
  ['health', /\bhealth\w*/i],
  ['education', /\beducation\w*/i],
  ['research', /\bresearch\b|\bR&D\b/i],
  ['exports', /\bexports?\b/i],
  ['imports', /\bimports?\b/i],
  ['investment', /\binvestments?\b/i],
];

/** Words that qualify a measure: figures with different qualifiers are different quantities. */
export const QUALIFIERS: [string, RegExp][] = [
  ['former', /\bformer\b/i],
  ['reserve', /\breserv(?:e|es|ists?)\b/i],
  ['paramilitary', /\bparamilitar(?:y|ies)\b/i],
  ['civilian', /\bcivilians?\b/i],
  ['per capita', /\bper (?:capita|person|head)\b/i],
  ['PPP', /\b(?:PPP|purchasing power)\b/],
  ['planned', /\b(?:planned|projected|expected|forecast|target(?:ed)?|will|would)\b/i],
  [
    'change',
    /\b(?:(?:increase[sd]?|rise|rose|grew|decrease[sd]?|fell|dropped|cut|up|down|jump(?:ed)?) by|an? (?:increase|rise|decrease|cut|drop|reduction) of)\b/i,
  ],
  [
    'deployed',
    // "contributed 1,200 troops", not "contributing 45% to GDP".
    /\b(?:sent|send|deploy\w*|dispatch\w*|contribut\w*(?=\s(?:[\w,.]+\s){0,3}?(?:troops|soldiers|personnel|peacekeepers|forces|units)\b)|stationed|peacekeep\w*)\b/i,
  ],
  ['maximum', /\b(?:maximum|peak|at its height|record)\b/i],
  // "the highest capital city … at 1,023 metres", "the average elevation is 1996 metres":
  // the highest, lowest or average of something is not the thing.
  ['highest', /\b(?:highest|tallest)\b/i],
  ['lowest', /\blowest\b/i],
  ['average', /\b(?:average|mean|median)\b/i],
  ['annual', /\b(?:annual(?:ly)?|per year|a year|each year)\b/i],
  ['monthly', /\b(?:monthly|per month|a month)\b/i],
  ['weekly', /\b(?:weekly|per week|a week)\b/i],
  ['daily', /\b(?:daily|per day|a day)\b/i],
  ['estimate', /\bestimat\w*/i],
  ['census', /\bcensus\b/i],
  ['pre-tax', /\b(?:pre-tax|pretax|before tax(?:es)?|operating (?:income|profits?))\b/i],
  ['combined', /\b(?:combined|together)\b/i],
  ['rate', /^(?!)/],
  // A metropolitan area (or a functional urban area, the EU's name for it) is larger than
  // the contiguous urban area.
  ['metro', /\b(?:metropolitan|metro|functional urban area|region)\b/i],
  ['urban', /(?<!functional )\burban area\b|\b(?:agglomeration|built-up area)\b/i],
  // Land and water areas are parts of the total; "with adjacent seas" is more than without.
  ['land', /\bland area\b/i],
  ['water', /\bwater area\b|\bof (?:inland )?water\b/i],
  ['including', /\b(?:inclusive of|with (?:its |their |the )?(?:adjacent|marginal|dependent)\w*)\b/i],
  ['excluding', /\b(?:excluding|exclusive of|not including|without)\b/i],
  // A country's farmland or forest is not the country.
  [
    'land use',
    /\b(?:agricultural|arable|cultivated|farmland|forest(?:ed|s)?|woodland|irrigated|pastures?|protected)\b/i,
  ],
];

/**
 * Phrases that name the units of an organisation or place, mapped to one subject key, so
 * "the air force", "the Air and Air Defence Force" and "the air force and air defence
 * force" are one subject. Anything else capitalized keeps its own name.
 */
export const SUBJECT_SYNONYMS: [string, RegExp][] = [
  ['air force', /\bair (?:and air defen[cs]e )?forces?\b|\bair defen[cs]e forces?\b/i],
  ['land forces', /\b(?:land|ground) forces?\b|\barmy\b/i],
  ['navy', /\bnav(?:y|al forces?)\b/i],
  ['national guard', /\bnational guard\b/i],
  ['border service', /\bborder (?:service|guard|troops)\b/i],
  ['internal troops', /\binternal troops\b/i],
  ['marines', /\bmarine corps\b|\bmarines\b/i],
  ['police', /\bpolice\b/i],
];
