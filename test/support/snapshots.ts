import { readFileSync } from 'node:fs';

/**
 * Two snapshots of a history dump, as two monthly dumps would be: every page with only
 * its first revision (old) and only its last (new). Built by cutting the XML text, so the
 * test does not rely on the reader it checks.
 */
export function snapshots(historyXml: string): { old: string; new: string } {
  const xml = readFileSync(historyXml, 'utf8');
  const firstPage = xml.indexOf('<page>');
  const head = xml.slice(0, firstPage);
  const pages = xml.slice(firstPage, xml.lastIndexOf('</page>') + '</page>'.length).split(/(?<=<\/page>)\s*/);
  const cut = (page: string, pick: 'first' | 'last') => {
    const revisions = page.match(/<revision>[\s\S]*?<\/revision>/g) ?? [];
    const start = page.indexOf('<revision>');
    const keep = pick === 'first' ? revisions[0] : revisions.at(-1);
    return `${page.slice(0, start)}${keep ?? ''}\n  </page>\n`;
  };
  const build = (pick: 'first' | 'last') => `${head}${pages.map((p) => cut(p, pick)).join('  ')}</mediawiki>\n`;
  return { old: build('first'), new: build('last') };
}
