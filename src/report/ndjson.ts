import type { Finding } from '../audit/index.ts';
import type { PageReport, ReportHead, ReportTail } from './types.ts';

export const NDJSON_SCHEMA = 'citeaudit/ndjson@1';

/**
 * The NDJSON report (`--format ndjson`): one JSON object a line, written as each page is
 * audited, so nothing of the dump is held for it. Every line has a `type`:
 * `header` first (the JSON report's members before `pages`), then for each page a `page`
 * line and a `finding` line per finding (and, with a baseline, a `resolved` line per
 * finding gone), then `error` lines, the `resolved` findings of pages gone, the `carried`
 * findings (the baseline's, that this run could not judge), and `summary` last: a file
 * without it was cut short.
 */
export function ndjsonHead(head: ReportHead): string {
  const { schema: _schema, ...rest } = head;
  return line({ type: 'header', schema: NDJSON_SCHEMA, ...rest });
}

/** The page line, then its findings and, with a baseline, the findings it resolved. */
export function ndjsonPage(page: PageReport): string {
  const { findings, changes, resolved, ...meta } = page;
  const about = { page: page.title, pageId: page.pageId, ns: page.ns, revision: page.revision.id };
  const counts = {
    findings: findings.length,
    ...(resolved ? { new: findings.filter((f) => f.baseline === 'new').length, resolved: resolved.length } : {}),
    changes: changes.length,
  };
  return [
    line({ type: 'page', ...meta, ...counts }),
    ...findings.map((f) => findingLine('finding', about, f)),
    ...(resolved ?? []).map((f) => findingLine('resolved', about, f)),
  ].join('');
}

export function ndjsonTail(tail: ReportTail): string {
  const { pagesGone, carried, ...baseline } = tail.baseline ?? { pagesGone: [], carried: [] };
  return [
    ...tail.errors.map((e) => line({ type: 'error', ...e })),
    ...pagesGone.flatMap((p) =>
      p.findings.map((f) => findingLine('resolved', { page: p.title, ns: p.ns, gone: true }, f)),
    ),
    ...carried.flatMap((p) => p.findings.map((f) => findingLine('carried', { page: p.title, ns: p.ns }, f))),
    line({
      type: 'summary',
      ...tail.summary,
      ...(tail.baseline
        ? { baseline: { ...baseline, pagesGone: pagesGone.length, pagesCarried: carried.length } }
        : {}),
    }),
  ].join('');
}

/** A finding's line: its own fields cannot pass it off as another type or page (a hand-edited baseline's could try). */
function findingLine(type: 'finding' | 'resolved' | 'carried', about: object, f: Finding): string {
  const {
    type: _t,
    page: _p,
    pageId: _i,
    ns: _n,
    revision: _r,
    gone: _g,
    ...rest
  } = f as Finding & Record<string, unknown>;
  return line({ type, ...about, ...rest });
}
const line = (value: object) => `${JSON.stringify(value)}\n`;
