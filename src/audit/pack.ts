import {
  CITATION_FIELDS,
  TAG_RULES,
  createCatalog,
  type CitationField,
  type TemplateCatalog,
  type TemplateRole,
} from '../wikitext/index.ts';
import { RULE_IDS, SEVERITIES, type RuleId, type Severity } from './types.ts';

export interface RuleSettings {
  severity: Severity;
  description: string;
  /** What an editor can do about a finding of this rule, as wikitext for the worklist (`--format wikitext`). */
  fix?: string;
  /** Canonical template → aliases, for the tag rules. */
  tags?: Record<string, string[]>;
  /** Severity per canonical tag, where it differs from the rule's. */
  tagSeverity?: Record<string, Severity>;
}

/** A wiki's rule pack: data only (rules/README.md documents every field). */
export interface RulePack {
  wiki: string;
  baseUrl: string;
  case: 'first-letter' | 'case-sensitive';
  infoboxPrefixes: string[];
  citations: {
    templates: Record<string, string[]>;
    params: Record<CitationField, string[]>;
    deadStatuses: string[];
    deadUrlValues: string[];
  };
  webarchive: { templates: Record<string, string[]> };
  /** Templates that render the footnote list, like `<references/>`. */
  referenceListTemplates: string[];
  archiveHosts: string[];
  rules: Record<RuleId, RuleSettings>;
}

export class PackError extends Error {
  override readonly name = 'PackError';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function aliasTable(v: unknown, where: string): Record<string, string[]> {
  if (!isObject(v)) throw new PackError(`${where} must be an object of canonical name → aliases`);
  for (const [name, aliases] of Object.entries(v)) {
    if (!isStringArray(aliases)) throw new PackError(`${where}."${name}" must be an array of strings`);
  }
  return v as Record<string, string[]>;
}

/** Validates a parsed pack; every problem names the field. */
export function parsePack(json: unknown, source = 'rule pack'): RulePack {
  const fail = (message: string): never => {
    throw new PackError(`${source}: ${message}`);
  };
  if (!isObject(json)) fail('must be a JSON object');
  const pack = json as Json;
  const known = [
    'wiki',
    'baseUrl',
    'case',
    'infoboxPrefixes',
    'citations',
    'webarchive',
    'referenceListTemplates',
    'archiveHosts',
    'rules',
  ];
  for (const key of Object.keys(pack))
    if (!known.includes(key)) fail(`unknown field "${key}" (known: ${known.join(', ')})`);
  for (const field of ['wiki', 'baseUrl'] as const) {
    if (typeof pack[field] !== 'string') fail(`"${field}" must be a string`);
  }
  if (!/^https?:\/\/[^/\s]+$/.test(pack['baseUrl'] as string))
    fail('"baseUrl" must be a scheme and host, like https://en.wikipedia.org');
  const caseRule = pack['case'] ?? 'first-letter';
  if (caseRule !== 'first-letter' && caseRule !== 'case-sensitive')
    fail('"case" must be first-letter or case-sensitive');
  const infoboxPrefixes = pack['infoboxPrefixes'] ?? ['Infobox'];
  if (!isStringArray(infoboxPrefixes)) fail('"infoboxPrefixes" must be an array of strings');
  const citations = pack['citations'];
  if (!isObject(citations)) fail('"citations" must be an object');
  const c = citations as Json;
  const templates = aliasTable(c['templates'], `${source}: citations.templates`);
  const params = (c['params'] ?? {}) as Json;
  if (!isObject(params)) fail('"citations.params" must be an object');
  for (const [field, names] of Object.entries(params)) {
    if (!(CITATION_FIELDS as readonly string[]).includes(field))
      fail(`citations.params: unknown field "${field}" (known: ${CITATION_FIELDS.join(', ')})`);
    if (!isStringArray(names)) fail(`citations.params.${field} must be an array of strings`);
  }
  const deadStatuses = c['deadStatuses'] ?? ['dead', 'unfit', 'usurped'];
  const deadUrlValues = c['deadUrlValues'] ?? ['yes', 'true', 'y'];
  if (!isStringArray(deadStatuses) || !isStringArray(deadUrlValues))
    fail('citations.deadStatuses and deadUrlValues must be arrays of strings');
  if (pack['webarchive'] !== undefined && !isObject(pack['webarchive']))
    fail('"webarchive" must be an object with "templates"');
  const webarchive = isObject(pack['webarchive']) ? pack['webarchive'] : { templates: { Webarchive: [] } };
  const webarchiveTemplates = aliasTable(webarchive['templates'], `${source}: webarchive.templates`);
  const referenceListTemplates = pack['referenceListTemplates'] ?? ['Reflist'];
  if (!isStringArray(referenceListTemplates)) fail('"referenceListTemplates" must be an array of template names');
  const archiveHosts = pack['archiveHosts'] ?? [];
  if (!isStringArray(archiveHosts)) fail('"archiveHosts" must be an array of host names');
  const rulesJson = pack['rules'];
  if (!isObject(rulesJson)) fail('"rules" must be an object keyed by rule id');
  const rules = {} as Record<RuleId, RuleSettings>;
  for (const key of Object.keys(rulesJson as Json)) {
    if (!(RULE_IDS as readonly string[]).includes(key))
      fail(`rules: unknown rule id "${key}" (known: ${RULE_IDS.join(', ')})`);
  }
  for (const id of RULE_IDS) {
    const r = (rulesJson as Json)[id];
    if (!isObject(r)) fail(`rules."${id}" is missing`);
    const rule = r as Json;
    if (!(SEVERITIES as readonly unknown[]).includes(rule['severity']))
      fail(`rules."${id}".severity must be one of ${SEVERITIES.join(', ')}`);
    const settings: RuleSettings = {
      severity: rule['severity'] as Severity,
      description: typeof rule['description'] === 'string' ? rule['description'] : id,
    };
    if (rule['fix'] !== undefined) {
      if (typeof rule['fix'] !== 'string' || /[\r\n]/.test(rule['fix']))
        fail(`rules."${id}".fix must be a string on one line`);
      settings.fix = rule['fix'] as string;
    }
    if ((TAG_RULES as readonly string[]).includes(id))
      settings.tags = aliasTable(rule['tags'], `${source}: rules."${id}".tags`);
    if (rule['tagSeverity'] !== undefined) {
      const ts = rule['tagSeverity'];
      if (!isObject(ts) || !Object.values(ts).every((s) => (SEVERITIES as readonly unknown[]).includes(s))) {
        fail(`rules."${id}".tagSeverity must map canonical names to severities`);
      }
      settings.tagSeverity = ts as Record<string, Severity>;
    }
    rules[id] = settings;
  }
  return {
    wiki: pack['wiki'] as string,
    baseUrl: pack['baseUrl'] as string,
    case: caseRule as RulePack['case'],
    infoboxPrefixes: infoboxPrefixes as string[],
    citations: {
      templates,
      params: params as Record<CitationField, string[]>,
      deadStatuses: (deadStatuses as string[]).map((v) => v.toLowerCase()),
      deadUrlValues: (deadUrlValues as string[]).map((v) => v.toLowerCase()),
    },
    webarchive: { templates: webarchiveTemplates },
    referenceListTemplates: referenceListTemplates as string[],
    archiveHosts: archiveHosts as string[],
    rules,
  };
}

/** The template catalog extraction needs, from a pack; redirects from the dump are added later. */
export function catalogOf(pack: RulePack): TemplateCatalog {
  const entries: [string, TemplateRole][] = [];
  const add = (table: Record<string, string[]>, role: (canonical: string) => TemplateRole) => {
    for (const [canonical, aliases] of Object.entries(table)) {
      for (const name of [canonical, ...aliases]) entries.push([name, role(canonical)]);
    }
  };
  add(pack.citations.templates, (canonical) => ({ kind: 'citation', canonical }));
  add(pack.webarchive.templates, (canonical) => ({ kind: 'webarchive', canonical }));
  for (const rule of TAG_RULES) add(pack.rules[rule].tags ?? {}, (canonical) => ({ kind: 'tag', canonical, rule }));
  return createCatalog(entries, {
    infoboxPrefixes: pack.infoboxPrefixes,
    caseRule: pack.case,
    citationParams: pack.citations.params,
    referenceListTemplates: pack.referenceListTemplates,
  });
}
