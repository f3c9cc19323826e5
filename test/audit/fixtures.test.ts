import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, catalogOf, LINK_PROBE_RULES, RULE_IDS } from '../../src/audit/index.ts';
import { analyzeFigures } from '../../src/figures/index.ts';
import { extract } from '../../src/wikitext/index.ts';
import { enwikiPack, ROOT } from '../support/pack.ts';

/**
 * Every fixtures/rules/<id>/*.wiki file marks each line that must be flagged with
 * `<!-- expect: rule-id [rule-id ...] -->`; the runner compares, per line, the rules
 * expected with the rules found. A finding on an unmarked line fails as much as a
 * marked line with none.
 */
const pack = enwikiPack();
const dir = join(ROOT, 'fixtures/rules');

function expected(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /<!-- expect: ([a-z\- ]+) -->/.exec(line);
    if (m) for (const rule of m[1]!.trim().split(/\s+/)) out.push(`${i + 1}:${rule}`);
  });
  return out.sort();
}

describe('rule fixtures', () => {
  // The link-probe rules need the network: test/links/audit-links.test.ts runs them against a loopback server.
  for (const rule of RULE_IDS.filter((id) => !(LINK_PROBE_RULES as readonly string[]).includes(id))) {
    const files = readdirSync(join(dir, rule)).filter((f) => f.endsWith('.wiki'));
    it(`${rule} has at least one fixture`, () => expect(files.length).toBeGreaterThan(0));
    for (const file of files) {
      it(`${rule}/${file}`, () => {
        const text = readFileSync(join(dir, rule, file), 'utf8');
        const extraction = extract(text, catalogOf(pack));
        const figures = analyzeFigures(text, extraction, catalogOf(pack), 'Fixture');
        const findings = audit({ extraction, figures, revisionTimestamp: '2025-01-01T00:00:00Z' }, pack);
        const found = findings.map((f) => `${f.line}:${f.rule}`).sort();
        expect(found).toEqual(expected(text));
        expect(expected(text).some((e) => e.endsWith(`:${rule}`))).toBe(true);
      });
    }
  }
});
