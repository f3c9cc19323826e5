import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINK_PROBE_RULES, PackError, parsePack, RULE_IDS, rules } from '../../src/audit/index.ts';
import { ROOT } from '../support/pack.ts';

const raw = () => JSON.parse(readFileSync(resolve(ROOT, 'rules/enwiki.json'), 'utf8')) as Record<string, unknown>;

describe('rule pack', () => {
  it('the bundled pack is valid and has every rule', () => {
    const pack = parsePack(raw());
    expect(Object.keys(pack.rules).sort()).toEqual([...RULE_IDS]);
  });

  it.each([
    ['not an object', () => 42, /JSON object/],
    [
      'bad severity',
      (p: Record<string, any>) => ((p.rules['bare-url'].severity = 'urgent'), p),
      /severity must be one of/,
    ],
    [
      'unknown rule',
      (p: Record<string, any>) => ((p.rules['no-such-rule'] = { severity: 'low' }), p),
      /unknown rule id "no-such-rule"/,
    ],
    ['missing rule', (p: Record<string, any>) => (delete p.rules['dead-link'], p), /"dead-link" is missing/],
    ['bad base URL', (p: Record<string, any>) => ((p.baseUrl = 'en.wikipedia.org'), p), /baseUrl/],
    [
      'webarchive not an object',
      (p: Record<string, any>) => ((p.webarchive = 'Webarchive'), p),
      /"webarchive" must be/,
    ],
    [
      'bad alias list',
      (p: Record<string, any>) => ((p.rules['citation-needed'].tags['Citation needed'] = 'Cn'), p),
      /array of strings/,
    ],
    [
      'unknown citation field',
      (p: Record<string, any>) => ((p.citations.params.colour = ['colour']), p),
      /unknown field "colour"/,
    ],
  ])('refuses %s, naming the field', (_name, mutate, message) => {
    expect(() => parsePack(mutate(raw() as Record<string, any>), 'test pack')).toThrow(PackError);
    expect(() => parsePack(mutate(raw() as Record<string, any>), 'test pack')).toThrow(message);
  });

  it('every rule id has a module, a pack entry, a README section and fixtures', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const packDoc = readFileSync(resolve(ROOT, 'rules/README.md'), 'utf8');
    const json = raw() as { rules: Record<string, { description?: unknown }> };
    const pack = parsePack(raw());
    const probeRules: readonly string[] = LINK_PROBE_RULES;
    const linkTests = readFileSync(resolve(ROOT, 'test/links/audit-links.test.ts'), 'utf8');
    expect(rules.map((r) => r.id)).toEqual(RULE_IDS.filter((id) => !probeRules.includes(id)));
    for (const id of RULE_IDS) {
      // Written in the pack itself: parsePack falls back to the id when a description is missing.
      expect(typeof json.rules[id]?.description, id).toBe('string');
      expect(pack.rules[id].description).not.toBe(id);
      expect(pack.rules[id].description.length).toBeGreaterThan(10);
      expect(readme).toContain(`\`${id}\``);
      expect(packDoc).toContain(`\`${id}\``);
      // The link-probe rules are findings of src/audit/links.ts, run against a loopback server.
      if (probeRules.includes(id)) {
        expect(linkTests, id).toContain(`'${id}'`);
        continue;
      }
      // fixtures.test.ts runs them; here, that every rule has some.
      expect(
        readdirSync(resolve(ROOT, 'fixtures/rules', id)).some((f) => f.endsWith('.wiki')),
        id,
      ).toBe(true);
    }
  });
});
