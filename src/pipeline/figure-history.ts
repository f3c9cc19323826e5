import type { FigureAnalysis, FigureChange, FigureGroupReport } from '../figures/index.ts';
import { blameAt, type PageHistoryResult, type RevisionRef } from '../history/index.ts';

/** How a finding or a figure names the revision that wrote it. */
export function revisionRef(
  by: RevisionRef,
  atOrBefore: boolean,
): { revision?: string; timestamp?: string; user?: string; atOrBefore?: boolean } {
  return {
    ...(by.id !== undefined ? { revision: by.id } : {}),
    ...(by.timestamp !== undefined ? { timestamp: by.timestamp } : {}),
    ...(by.user !== undefined ? { user: by.user } : {}),
    ...(atOrBefore ? { atOrBefore: true } : {}),
  };
}

/**
 * The figures of the latest revision read with its history: each value gets the revision
 * that wrote its number, and a conflict whose cause the history shows is classed by it (the
 * field notes' last two classes, unsupported-claims §f.2):
 *
 * - `stale-sibling`: a revision changed one mention from X to Y, with a source added or
 *   edited on its line, and left another mention of the same quantity at X (Tran and Cao's
 *   pattern: an update that missed a sibling);
 * - `unsourced-figure-change`: a revision changed one of the conflicting values with no
 *   source added or edited on its line (the usual pattern of numeric vandalism: the value
 *   it left alone is not "stale" then, the changed one is the suspect).
 *
 * Both are high severity; they take the place of the class read from the text alone, except
 * for a restatement in another currency (`conversion`), which no edit explains. A change is
 * only tied to a value when the revision's own line still reads as the value's up to the
 * number (not merely the same number elsewhere in the edit), and only when the dump holds the
 * revision's parent: across skipped revisions, who changed what is not known.
 */
export function figuresWithHistory(
  figures: FigureAnalysis,
  history: PageHistoryResult,
  /** The latest revision's wikitext, which the values' offsets point into. */
  text: string,
): FigureAnalysis {
  return { ...figures, groups: figures.groups.map((g) => withHistory(g, history, text)) };
}

/** The number a figure's offset points at in the wikitext: [start, end) of its digits. */
function numberSpan(text: string, offset: number): [number, number] {
  const m = /\d[\d,.]*/.exec(text.slice(offset, offset + 40));
  if (!m) return [offset, offset + 1];
  const start = offset + m.index;
  return [start, start + m[0].replace(/[,.]+$/, '').length];
}

function withHistory(group: FigureGroupReport, history: PageHistoryResult, text: string): FigureGroupReport {
  const spans = group.values.map((v) => numberSpan(text, v.offset));
  // Who wrote the number itself: a later edit of the words after it does not make it theirs.
  const origins = spans.map(([start, end]) => blameAt(history, start, end - start));
  const values = group.values.map((v, i) => {
    const origin = origins[i];
    return origin ? { ...v, introducedIn: revisionRef(origin.revision, origin.atOrBefore) } : v;
  });
  if (!group.conflict || group.conflict.class === 'conversion') return { ...group, values };
  const change = changeBehind(group, origins, spans, history, text);
  if (!change) return { ...group, values };
  return {
    ...group,
    values,
    conflict: { class: change.stale ? 'stale-sibling' : 'unsourced-figure-change', severity: 'high' },
    change,
  };
}

/** The number a figure states, for matching a change to it: "$2.46 billion" → "2.46", "12,400" → "12400". */
const numberOf = (text: string) => /\d[\d,]*(?:\.\d+)?/.exec(text)?.[0].replace(/,/g, '');

/**
 * Characters of the value's line before its number that the change's own line must hold
 * too, with the number. Only before it: a {{cn}} or a ref name added after the figure later
 * is a common follow-up and must not untie the change.
 */
const BEFORE = 20;

/**
 * The figure change behind a group's conflict. For each value in conflict whose number was
 * written (by blame, and not merely "at or before" the first revision read) by a revision
 * that changed a figure to it at that place (its line reads the same up to the number): a
 * sourced change that left older values it conflicts with at the old figure makes them
 * stale siblings; an unsourced change is the conflict's cause. A stale sibling is preferred, then the first unsourced change.
 */
function changeBehind(
  group: FigureGroupReport,
  origins: readonly (ReturnType<typeof blameAt> | undefined)[],
  spans: readonly [number, number][],
  history: PageHistoryResult,
  text: string,
): FigureChange | undefined {
  const order = new Map(history.revisions.map((r, i) => [r, i]));
  let unsourced: FigureChange | undefined;
  for (const [changed, value] of group.values.entries()) {
    const origin = origins[changed];
    if (!origin || origin.atOrBefore) continue;
    const [start, end] = spans[changed]!;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const around = text.slice(Math.max(lineStart, start - BEFORE), end);
    const stated = numberOf(value.text);
    const event = history.changes.find(
      (e) =>
        (e.kind === 'figure-changed' || e.kind === 'figure-changed-unsourced') &&
        e.revision === origin.revision &&
        // The dump holds the revision's parent: the change is that revision's own.
        (e.revision.parentId === undefined || e.revision.parentId === e.previous?.id) &&
        numberOf(String(e.detail['to'])) === stated &&
        String(e.detail['context']).includes(around),
    );
    if (!event) continue;
    const from = String(event.detail['from']);
    const sourced = event.kind === 'figure-changed';
    const written = order.get(origin.revision) ?? -1;
    const rivals = group.pairs
      .filter((p) => p.relation === 'conflict' && (p.a === changed || p.b === changed))
      .map((p) => (p.a === changed ? p.b : p.a));
    if (!rivals.length) continue;
    const change: FigureChange = {
      revision: revisionRef(origin.revision, false),
      ...(event.diffUrl ? { diffUrl: event.diffUrl } : {}),
      from,
      to: String(event.detail['to']),
      changed,
      sourced,
    };
    if (!sourced) {
      unsourced ??= change;
      continue;
    }
    const stale = rivals.filter((other) => {
      const by = origins[other];
      return (
        by !== undefined &&
        (order.get(by.revision) ?? Infinity) < written &&
        numberOf(group.values[other]!.text) === numberOf(from)
      );
    });
    if (stale.length) return { ...change, stale };
  }
  return unsourced;
}
