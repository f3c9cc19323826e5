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
  let lastIsOurs = false;
  const push = (length: number, from: number, whole?: Run) => {
    if (length <= 0) return;
    const last = out[out.length - 1];
    if (last && last.origin === from) {
      if (lastIsOurs) last.length += length;
      else out[out.length - 1] = { length: last.length + length, origin: from };
      lastIsOurs = true;
    } else {
      out.push(whole ?? { length, origin: from });
      lastIsOurs = whole === undefined;
    }
  };
  let r = 0;
  let used = 0; // characters of runs[r] already consumed
  const take = (length: number, keep: boolean) => {
    let left = length;
    while (left > 0 && r < runs.length) {
      const run = runs[r]!;
      const n = Math.min(left, run.length - used);
      if (keep) push(n, run.origin, n === run.length ? run : undefined);
      used += n;
      left -= n;
      if (used === run.length) {
        r++;
        used = 0;
      }
    }
  };
  for (const op of ops) {
    if (op.op === 'insert') push(op.text.length, origin);
    else take(op.text.length, op.op === 'equal');
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
