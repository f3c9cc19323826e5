import type { DiffOp } from './diff.ts';

/**
 * Who wrote each part of the current text, as runs: `length` characters first written
 * in revision number `origin` (an index into the page's revisions). Runs are merged when
 * neighbours share an origin, so their number stays near the number of edits that
 * survive, not the length of the text.
 */
export interface Run {
  length: number;
  origin: number;
}

/**
 * Carries authorship across one diff: kept text keeps its origin, inserted text gets
 * `origin`, deleted text drops out. A run kept whole is the same object in both lists, so
 * a long page's thousands of runs are not copied at each revision: runs are never changed
 * once another list may hold them, only those this call made itself grow.
 */
export function carryRuns(runs: readonly Run[], ops: readonly DiffOp[], origin: number): Run[] {
  const out: Run[] = [];
  // Whether out's last run was made by this call, so that it may still grow in place.
  let lastIsOurs = false;
  const grow = (length: number, from: number) => {
    const last = out[out.length - 1];
    if (last && last.origin === from) {
      if (lastIsOurs) last.length += length;
      else out[out.length - 1] = { length: last.length + length, origin: from };
    } else out.push({ length, origin: from });
    lastIsOurs = true;
  };
  let r = 0;
  let used = 0; // characters of runs[r] already consumed
  for (const op of ops) {
    if (op.op === 'insert') {
      if (op.text.length > 0) grow(op.text.length, origin);
      continue;
    }
    const keep = op.op === 'equal';
    let left = op.text.length;
    while (left > 0 && r < runs.length) {
      const run = runs[r]!;
      const n = Math.min(left, run.length - used);
      if (keep && n === run.length && (out.length === 0 || out[out.length - 1]!.origin !== run.origin)) {
        // Kept whole, and not next to a run of its own origin: shared as it is.
        out.push(run);
        lastIsOurs = false;
      } else if (keep) grow(n, run.origin);
      used += n;
      left -= n;
      if (used === run.length) {
        r++;
        used = 0;
      }
    }
  }
  return out;
}

/**
 * The latest origin among `length` characters from `offset`: a finding is as new as the
 * newest part of its head, so `{{citation needed` written over `{{dubious` is the new tag's.
 */
export function latestOrigin(runs: readonly Run[], offset: number, length: number): number | undefined {
  let at = 0;
  let latest: number | undefined;
  for (const run of runs) {
    const end = at + run.length;
    if (end > offset && at < offset + length) latest = latest === undefined ? run.origin : Math.max(latest, run.origin);
    if (at >= offset + length) break;
    at = end;
  }
  return latest;
}
