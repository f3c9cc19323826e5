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
 * that wrote it, and a conflict whose cause the history shows is classed by it (the field
 * notes' last two classes, unsupported-claims §f.2):
 *
 * - `stale-sibling`: a revision changed one mention from X to Y and left another mention
 *   of the same quantity at X (Tran and Cao's pattern: an update that missed a sibling);
 * - `unsourced-figure-change`: a revision changed one of the conflicting values and added
 *   or edited no source on its line (the usual pattern of numeric vandalism).
 *
 * Both are high severity; they take the place of the class read from the text alone, except
 * for a restatement in another currency (`conversion`), which no edit explains.
 */
export function figuresWithHistory(figures: FigureAnalysis, history: PageHistoryResult): FigureAnalysis {
  return { ...figures, groups: figures.groups.map((g) => withHistory(g, history)) };
}

function withHistory(group: FigureGroupReport, history: PageHistoryResult): FigureGroupReport {
  const origins = group.values.map((v) => blameAt(history, v.offset));
  const values = group.values.map((v, i) => {
    const origin = origins[i];
    return origin ? { ...v, introducedIn: revisionRef(origin.revision, origin.atOrBefore) } : v;
  });
  if (!group.conflict || group.conflict.class === 'conversion') return { ...group, values };
  const change = changeBehind({ ...group, values }, origins, history);
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
 * The figure change behind a group's conflict: for a value in conflict whose writer (by
 * blame, and not merely "at or before" the first revision read) changed a figure to it,
 * the values it conflicts with that were written before and still state the old figure
 * are stale; failing that, a change that cited nothing.
 */
function changeBehind(
  group: FigureGroupReport,
  origins: readonly (ReturnType<typeof blameAt> | undefined)[],
  history: PageHistoryResult,
): FigureChange | undefined {
  const order = new Map(history.revisions.map((r, i) => [r, i]));
  let unsourced: FigureChange | undefined;
  for (const [changed, value] of group.values.entries()) {
    const origin = origins[changed];
    if (!origin || origin.atOrBefore) continue;
    const stated = numberOf(value.text);
    const event = history.changes.find(
      (e) =>
        (e.kind === 'figure-changed' || e.kind === 'figure-changed-unsourced') &&
        e.revision === origin.revision &&
        numberOf(String(e.detail['to'])) === stated,
    );
    if (!event) continue;
    const from = String(event.detail['from']);
    const written = order.get(origin.revision) ?? -1;
    const rivals = group.pairs
      .filter((p) => p.relation === 'conflict' && (p.a === changed || p.b === changed))
      .map((p) => (p.a === changed ? p.b : p.a));
    const stale = rivals.filter((other) => {
      const by = origins[other];
      return (
        by !== undefined &&
        (order.get(by.revision) ?? Infinity) < written &&
        numberOf(group.values[other]!.text) === numberOf(from)
      );
    });
    const change: FigureChange = {
      revision: revisionRef(origin.revision, false),
      ...(event.diffUrl ? { diffUrl: event.diffUrl } : {}),
      from,
      to: String(event.detail['to']),
      changed,
      sourced: event.kind === 'figure-changed',
    };
    if (stale.length) return { ...change, stale };
    if (!change.sourced && rivals.length) unsourced ??= change;
  }
  return unsourced;
}
