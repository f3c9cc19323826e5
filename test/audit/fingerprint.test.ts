/**
 * Fingerprints through the CLI's JSON: what must keep a finding's fingerprint (edits
 * elsewhere, a bot dating a tag, an alias) and what must change it (another citation,
 * other words).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/audit/index.ts';
import type { Report } from '../../src/report/index.ts';
import { removeTempDirs, runMain, tempDir } from '../support/cli-io.ts';

afterAll(removeTempDirs);
const dir = tempDir('citeaudit-fingerprint-');
let n = 0;

/** The findings of one page with this wikitext, as `audit --format json` reports them. */
async function findingsOf(text: string): Promise<Finding[]> {
  const file = path.join(dir, `page-${n++}.xml`);
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  writeFileSync(
    file,
    `<mediawiki><page><title>Page</title><ns>0</ns><id>1</id><revision><id>${n}</id><timestamp>2026-11-01T00:00:00Z</timestamp><text>${escaped}</text></revision></page></mediawiki>`,
  );
  const r = await runMain(['audit', file, '--format', 'json', '--out', '-', '-q'], dir);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as Report).pages[0]!.findings;
}

const fingerprints = async (text: string, rule: string) =>
  (await findingsOf(text)).filter((f) => f.rule === rule).map((f) => f.fingerprint);

describe('a fingerprint', () => {
  it('survives a bot dating the tag, an alias, and paragraphs added above', async () => {
    const before = await fingerprints('The mill is old.{{citation needed}}\n', 'citation-needed');
    const dated = await fingerprints('The mill is old.{{citation needed|date=November 2026}}\n', 'citation-needed');
    const moved = await fingerprints(
      'Intro.\n\nMore intro.\n\nThe mill is  old.{{cn|date=November 2026}}\n',
      'citation-needed',
    );
    expect(before).toHaveLength(1);
    expect(dated).toEqual(before);
    expect(moved).toEqual(before);
  });

  it('changes with the words of the claim', async () => {
    const a = await fingerprints('The mill is old.{{citation needed}}\n', 'citation-needed');
    const b = await fingerprints('The mill is very old.{{citation needed}}\n', 'citation-needed');
    expect(b).not.toEqual(a);
  });

  it('tells apart dead citations that have no URL by their titles', async () => {
    const cite = (title: string) => `<ref>{{cite web |title=${title} |url-status=dead}}</ref>`;
    const ab = await fingerprints(`A.${cite('Report A')} B.${cite('Report B')}\n`, 'dead-link');
    const cb = await fingerprints(`A.${cite('Report C')} B.${cite('Report B')}\n`, 'dead-link');
    expect(ab).toHaveLength(2);
    expect(new Set(ab).size).toBe(2);
    // Report B keeps its fingerprint; Report C does not inherit Report A's.
    expect(cb[1]).toBe(ab[1]);
    expect(cb[0]).not.toBe(ab[0]);
  });

  it('tells apart identical tags on one page by their order, and no two findings share one', async () => {
    const found = await findingsOf('It is.{{cn}} It is.{{cn}}\n\nIt is.{{cn}}\n');
    const cn = found.filter((f) => f.rule === 'citation-needed').map((f) => f.fingerprint);
    expect(cn).toHaveLength(3);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(found.length);
  });
});
