import type { Report, ReportHead, ReportTail, PageReport } from './types.ts';

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
const member = (key: string, value: unknown) =>
  `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}`;
const present = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);

/**
 * The JSON report (schema `citeaudit/report@1`, documented in the README) in three
 * parts, so it can be written while the dump is read: the head, each page as it is
 * audited, and the tail. Together they are the same bytes as
 * `JSON.stringify(report, null, 2)`, without one string for the whole dump, which V8
 * caps at about 512 M characters.
 */
export function jsonHead(head: ReportHead): string {
  return `{\n${present(head)
    .map(([k, v]) => `${member(k, v)},\n`)
    .join('')}  "pages": [`;
}

/** One page; `first` for the first page written. */
export function jsonPage(page: PageReport, first: boolean): string {
  return `${first ? '' : ','}\n    ${indent(JSON.stringify(page, null, 2), '    ')}`;
}

/** Closes the pages (`anyPages`: whether jsonPage was called) and writes the rest. */
export function jsonTail(tail: ReportTail, anyPages: boolean): string {
  const rest = present(tail).map(([k, v]) => `,\n${member(k, v)}`);
  return `${anyPages ? '\n  ' : ''}]${rest.join('')}\n}\n`;
}

export function* renderJsonChunks(report: Report): Generator<string> {
  const { pages, summary, baseline, errors, ...head } = report;
  yield jsonHead(head);
  for (const [i, page] of pages.entries()) yield jsonPage(page, i === 0);
  yield jsonTail({ summary, baseline, errors }, pages.length > 0);
}

/** The whole JSON report as one string: for small reports and tests. */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}
