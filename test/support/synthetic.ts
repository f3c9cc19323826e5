/** Deterministic, generated MediaWiki exports whose contents the test knows in advance. */
import { prng } from './helpers.ts';

export interface SyntheticRevision {
  id: string;
  text: string;
}

export interface SyntheticPage {
  title: string;
  id: string;
  revisions: SyntheticRevision[];
}

export interface SyntheticDump {
  xml: string;
  pages: SyntheticPage[];
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const SITEINFO = `  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>testwiki</dbname>
    <base>https://test.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.42</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
    </namespaces>
  </siteinfo>
`;

/**
 * A dump of `pages` pages with `revisionsPerPage` revisions each, whose texts are
 * `words` pseudo-random words (hard to compress, so bzip2 makes several blocks),
 * with a `<ref>` in each so that escaping is exercised.
 */
export function syntheticDump(options: {
  pages: number;
  revisionsPerPage: number;
  words: number;
  seed: number;
}): SyntheticDump {
  const next = prng(options.seed);
  const pages: SyntheticPage[] = [];
  const parts: string[] = [
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n',
    SITEINFO,
  ];
  let revisionId = 1000;
  for (let p = 0; p < options.pages; p++) {
    const page: SyntheticPage = { title: `Page ${p} & more`, id: String(p + 1), revisions: [] };
    parts.push(`  <page>\n    <title>${escapeXml(page.title)}</title>\n    <ns>0</ns>\n    <id>${page.id}</id>\n`);
    for (let r = 0; r < options.revisionsPerPage; r++) {
      const words: string[] = [];
      for (let w = 0; w < options.words; w++) words.push(Math.floor(next() * 2 ** 31).toString(36));
      const text = `'''${page.title}''' ${words.join(' ')}<ref>{{cite web|url=https://example.org/${p}/${r}}}</ref>`;
      const id = String(revisionId++);
      page.revisions.push({ id, text });
      parts.push(
        `    <revision>\n      <id>${id}</id>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n` +
          `      <contributor>\n        <username>Bot</username>\n        <id>7</id>\n      </contributor>\n` +
          `      <model>wikitext</model>\n      <format>text/x-wiki</format>\n` +
          `      <text bytes="${Buffer.byteLength(text)}" xml:space="preserve">${escapeXml(text)}</text>\n` +
          `    </revision>\n`,
      );
    }
    parts.push('  </page>\n');
    pages.push(page);
  }
  parts.push('</mediawiki>\n');
  return { xml: parts.join(''), pages };
}
