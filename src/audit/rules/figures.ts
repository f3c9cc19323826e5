import type { FigureGroupReport, FigureValue } from '../../figures/index.ts';
import type { Rule } from '../types.ts';

/** How a figure is shown in a message: as written, with where it is and who says so. */
function describe(v: FigureValue): string {
  const where = v.location === 'body' ? v.section : `infobox ${v.location.slice('infobox:'.length)}`;
  return `${v.text} (${where}${v.source ? `, ${v.source}` : v.cited ? '' : ', uncited'})`;
}

function valueEvidence(v: FigureValue): Record<string, unknown> {
  return {
    text: v.text,
    lo: v.lo,
    hi: v.hi,
    unit: v.unit,
    ...(v.approx ? { approx: true } : {}),
    ...(v.bound ? { bound: v.bound } : {}),
    ...(v.time ? { time: v.time } : {}),
    sentence: v.sentence,
    section: v.section,
    line: v.line,
    column: v.column,
    offset: v.offset,
    location: v.location,
    cited: v.cited,
    ...(v.source ? { source: v.source } : {}),
    ...(v.introducedIn ? { introducedIn: v.introducedIn } : {}),
  };
}

function groupLabel(g: FigureGroupReport): string {
  const subject = g.subject === 'article' ? '' : ` of the ${g.subject}`;
  const qualifiers = g.qualifiers.length ? ` (${g.qualifiers.join(', ')})` : '';
  return `${g.measure}${subject}${qualifiers}${g.time ? ` in ${g.time}` : ''}`;
}

export const figureMismatch: Rule = {
  id: 'figure-mismatch',
  messages: {
    mismatch: 'The {measure} is given as {values}: {class}',
  },
  check(context) {
    for (const g of context.figures?.groups ?? []) {
      if (!g.conflict) continue;
      const first = g.values[0]!;
      context.report({
        messageId: 'mismatch',
        data: {
          measure: groupLabel(g),
          values: g.values.map(describe).join('; '),
          class: g.conflict.class.replace(/-/g, ' '),
        },
        span: { start: first.offset, end: first.offset, line: first.line, column: first.column },
        section: first.section,
        snippet: first.sentence,
        severity: g.conflict.severity,
        evidence: {
          subject: g.subject,
          measure: g.measure,
          ...(g.time ? { time: g.time } : {}),
          unit: g.unit,
          qualifiers: g.qualifiers,
          class: g.conflict.class,
          values: g.values.map(valueEvidence),
          pairs: g.pairs.map((p) => ({ a: p.a, b: p.b, relation: p.relation, ratio: Number(p.ratio.toFixed(4)) })),
          ...(g.change ? { change: g.change } : {}),
        },
      });
    }
  },
};

export const uncitedFigure: Rule = {
  id: 'uncited-figure',
  messages: {
    uncited: 'A figure with no citation: {figures} in "{sentence}"',
    coveredLater:
      'A figure with no citation of its own (a later ref in the paragraph may cover it): {figures} in "{sentence}"',
  },
  check(context) {
    for (const u of context.figures?.uncited ?? []) {
      // The lead may leave citations to the body (WP:LEADCITE); a later ref may cover the sentence.
      const lenient = u.coveredLater || u.section === '(lead)';
      context.report({
        messageId: u.coveredLater ? 'coveredLater' : 'uncited',
        data: { figures: u.figures.join(', '), sentence: u.sentence },
        span: { start: u.offset, end: u.offset, line: u.line, column: u.column },
        section: u.section,
        snippet: u.sentence,
        ...(lenient ? { severity: 'info' as const } : {}),
        evidence: { figures: u.figures, sentence: u.sentence, coveredLater: u.coveredLater },
      });
    }
  },
};
