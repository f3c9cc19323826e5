import { diffArrays } from 'diff';

/** One step of turning the old text into the new: keep, insert or delete a run of text. */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface DiffOptions {
  /**
   * Work allowed for the paragraph (line) diff: lines compared × edits searched. Past it the
   * whole middle is replaced. Counted, not timed, so the same texts always give the same diff.
   */
  lineWork?: number;
  /** Work allowed for the word diffs of one call, all blocks together (tokens × edits); past it blocks are replaced whole. */
  wordWork?: number;
  /** Longest edit script jsdiff may search, per call. */
  maxEditLength?: number;
}

export interface TextDiff {
  ops: DiffOp[];
  /**
   * Stretches of changed text reported whole because the diff ran out of budget: a changed
   * block, or the part of one between two anchors (lines or words both texts hold once).
   */
  blocksReplaced: number;
}

const DEFAULTS: Required<DiffOptions> = { lineWork: 4_000_000, wordWork: 200_000, maxEditLength: 5_000 };

/** The longest edit script that `work` allows over `items` items (jsdiff's search costs about items × edits). */
const editsWithin = (work: number, items: number, cap: number) => Math.min(cap, Math.floor(work / Math.max(items, 1)));

/**
 * How many characters two texts share at the start: a binary search comparing slices,
 * which the engine compares natively, where a loop over the characters would read a long
 * page one by one.
 */
function sharedStart(a: string, b: string, limit: number): number {
  let lo = 0;
  let hi = limit;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many characters two texts share at the end, at most `limit`. */
function sharedEnd(a: string, b: string, limit: number): number {
  let lo = 0;
  let hi = limit;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The lines two different texts share at the start and then at the end, as lengths in characters
 * (the same in both): what comparing their lists of lines one by one finds, without
 * splitting the whole of either. The end stops where the start's lines end, as the lines
 * at either end never overlap.
 */
export function sharedLines(a: string, b: string): [number, number] {
  const limit = Math.min(a.length, b.length);
  const same = sharedStart(a, b, limit);
  // Whole lines only: a line is shared when all of it, its line break too, is.
  const head = same === 0 ? 0 : a.lastIndexOf('\n', same - 1) + 1;
  const sameEnd = sharedEnd(a, b, limit - head);
  // The shared end starts a line in both texts where the character before it does, or
  // where both texts break a line just before it.
  let tail = sameEnd;
  const startsLine = (t: string) => t.length - tail === head || t.charCodeAt(t.length - tail - 1) === 10;
  if (tail > 0 && !(startsLine(a) && startsLine(b))) {
    const brk = a.indexOf('\n', a.length - tail);
    tail = brk === -1 ? 0 : a.length - brk - 1;
  }
  return [head, tail];
}

function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const ICU_PIECE = 1000;

/** Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Chinese, Japanese. */
const UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
const WORDS = /\s+|[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu;

/**
 * Words, spaces and punctuation as separate tokens that join back to the text. A regular
 * expression splits them; runs in scripts written without spaces then go through ICU's
 * word segmentation, which splits Thai, Chinese and Japanese into words. It runs per
 * changed block, never over the whole page.
 */
export function tokens(text: string): string[] {
  const words = text.match(WORDS) ?? [];
  if (!UNSPACED.test(text)) return words;
  // Only the runs in scripts without spaces go through ICU: an English article with
  // interlanguage links ([[zh:…]], [[th:…]]) sends just those few words.
  const out: string[] = [];
  for (const word of words) {
    if (!UNSPACED.test(word)) {
      out.push(word);
      continue;
    }
    // ICU's segmentation slows down faster than linearly on long runs: it gets them in
    // pieces (a word may be cut at a piece's edge, which only coarsens the diff there).
    for (let i = 0; i < word.length; i += ICU_PIECE) {
      for (const { segment } of segmenter.segment(word.slice(i, i + ICU_PIECE))) out.push(segment);
    }
  }
  return out;
}

/**
 * A changed block worth no word diff: one side much larger than the other (blanking,
 * a paragraph pasted over), or both too large to diff by words within budget.
 */
function replacedWhole(removed: string, added: string, maxEditLength: number): boolean {
  const [small, large] = removed.length < added.length ? [removed, added] : [added, removed];
  return large.length > 8 * (small.length + 64) || small.length + large.length > 40 * maxEditLength;
}

function push(ops: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = ops[ops.length - 1];
  if (last && last.op === op) last.text += text;
  else ops.push({ op, text });
}

/** How many items the two lists share at the start, and then at the end (never overlapping). */
function commonEnds(a: readonly string[], b: readonly string[]): [number, number] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [head, tail];
}

/** A space that `tokens` puts in a run of spaces (any `\s`); never half of a surrogate pair. */
const isSpace = (c: number) =>
  c === 0x20 || c === 0x0a || (c < 0x80 ? c >= 0x09 && c <= 0x0d : /\s/.test(String.fromCharCode(c)));

/**
 * How many characters two texts share at the start and then at the end, each cut back to a
 * point where a space is followed by something else: a run of spaces ends there in both
 * texts, so `tokens` splits both the same way on either side of the cut. The end never
 * reaches into the whole shared start, as the token ends of `commonEnds` never overlap.
 */
function sharedTokenEnds(a: string, b: string): [number, number] {
  const n = Math.min(a.length, b.length);
  const same = sharedStart(a, b, n);
  // Both characters around the cut lie in the shared start, so they are the same in both.
  let head = same - 1;
  while (head > 0 && !(isSpace(a.charCodeAt(head - 1)) && !isSpace(a.charCodeAt(head)))) head--;
  let tail = sharedEnd(a, b, n - same) - 1;
  while (tail > 0 && !(isSpace(a.charCodeAt(a.length - tail - 1)) && !isSpace(a.charCodeAt(a.length - tail)))) tail--;
  return [Math.max(head, 0), Math.max(tail, 0)];
}

interface LineChange {
  value: string[];
  added?: boolean;
  removed?: boolean;
  /** Part of a gap the budget could not diff: replaced whole, never diffed by words. */
  whole?: boolean;
}

/**
 * Pairs of lines that occur once in each text, in an order both texts keep (the longest
 * such chain, by patience sorting): a paragraph written once and left alone anchors the
 * diff there, as in git's patience diff.
 */
function uniqueAnchors(a: readonly string[], b: readonly string[]): [number, number][] {
  const seen = new Map<string, { inA: number; inB: number; at: number }>();
  a.forEach((line, i) => {
    const s = seen.get(line);
    if (s) s.inA++;
    else seen.set(line, { inA: 1, inB: 0, at: i });
  });
  const pairs: [number, number][] = [];
  for (const line of b) {
    const s = seen.get(line);
    if (s) s.inB++;
  }
  b.forEach((line, j) => {
    const s = seen.get(line);
    if (s && s.inA === 1 && s.inB === 1) pairs.push([s.at, j]);
  });
  // Longest chain increasing in `a` (the pairs come in `b`'s order): patience sorting.
  const tops: number[] = [];
  const back: number[] = new Array<number>(pairs.length);
  for (let k = 0; k < pairs.length; k++) {
    const x = pairs[k]![0];
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tops[mid]!]![0] < x) lo = mid + 1;
      else hi = mid;
    }
    back[k] = lo > 0 ? tops[lo - 1]! : -1;
    tops[lo] = k;
  }
  const chain: [number, number][] = [];
  for (let k = tops.length ? tops[tops.length - 1]! : -1; k !== -1; k = back[k]!) chain.push(pairs[k]!);
  return chain.reverse();
}

/** What a gap between anchors costs on its own, before any search. */
const GAP_COST = 200;

/**
 * A line or word diff: anchored on items unique to both sides, then jsdiff between anchors,
 * each gap with what is left of the work budget. A rewrite of many paragraphs costs jsdiff
 * the items times the edits; between anchors both are small. A gap the budget cannot diff is
 * replaced whole, and the anchors around it still hold.
 */
function anchoredChanges(a: string[], b: string[], budget: { left: number }, cap: number): LineChange[] {
  const anchors = uniqueAnchors(a, b);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  anchors.push([a.length, b.length]);
  for (const [ai, bj] of anchors) {
    // Thousands of anchors make thousands of gaps: each costs a fixed share of the budget,
    // and once it is spent the rest, anchors and all, is replaced whole.
    if (budget.left <= 0 && (i < a.length || j < b.length)) {
      if (i < a.length) out.push({ value: a.slice(i), removed: true, whole: true });
      if (j < b.length) out.push({ value: b.slice(j), added: true, whole: true });
      return out;
    }
    const gapA = a.slice(i, ai);
    const gapB = b.slice(j, bj);
    if (gapA.length || gapB.length) budget.left -= GAP_COST;
    if (!gapB.length) {
      if (gapA.length) out.push({ value: gapA, removed: true });
    } else if (!gapA.length) out.push({ value: gapB, added: true });
    else {
      const items = gapA.length + gapB.length;
      const edits = editsWithin(budget.left, items, cap);
      const d = edits > 0 ? diffArrays(gapA, gapB, { maxEditLength: edits }) : undefined;
      // What the search cost: the edits it found, or all it was allowed when it gave up.
      budget.left -= items * Math.max(1, d ? d.reduce((n, c) => n + (c.added || c.removed ? c.count : 0), 0) : edits);
      if (d) out.push(...d);
      else out.push({ value: gapA, removed: true, whole: true }, { value: gapB, added: true, whole: true });
    }
    if (ai < a.length) out.push({ value: [a[ai]!] });
    i = ai + 1;
    j = bj + 1;
  }
  return out;
}

/**
 * Diffs two revisions paragraph first, then by words inside the changed blocks. Every
 * jsdiff call carries an edit-length budget drawn from a work budget: vandalism and
 * blanking make unrelated texts, where an unbounded word diff takes tens of seconds. The
 * budgets count work rather than time, so a diff (and the blame built on it) is the same
 * on every run and machine. A block whose budget runs out is reported replaced whole.
 * The ops always rebuild both texts exactly.
 */
export function diffTexts(oldText: string, newText: string, options: DiffOptions = {}): TextDiff {
  const o = { ...DEFAULTS, ...options };
  const ops: DiffOp[] = [];
  let blocksReplaced = 0;
  if (oldText === newText) {
    push(ops, 'equal', oldText);
    return { ops, blocksReplaced };
  }
  // The unchanged ends as slices of the old text: joining their lines would copy most of
  // the page for every revision, and only their lengths are read downstream.
  const [headLength, tailLength] = sharedLines(oldText, newText);
  push(ops, 'equal', oldText.slice(0, headLength));

  const midA = splitLines(oldText.slice(headLength, oldText.length - tailLength));
  const midB = splitLines(newText.slice(headLength, newText.length - tailLength));
  const changes = anchoredChanges(midA, midB, { left: o.lineWork }, o.maxEditLength);
  const words = { left: o.wordWork };
  const wordBlock = (removed: string, added: string, gaveUp: boolean) => {
    const whole = Boolean(removed && added) && (gaveUp || replacedWhole(removed, added, o.maxEditLength));
    if (!removed || !added || whole) {
      if (whole) blocksReplaced++;
      push(ops, 'delete', removed);
      push(ops, 'insert', added);
      return;
    }
    // Tokens the two sides share at either end are kept without asking jsdiff, which
    // would otherwise walk them on every edit to a long paragraph. Most of those ends are
    // cut off as characters first, so a one-word edit to a long paragraph tokenizes only
    // the words around it; the cuts fall where a word follows a space, which ends a token
    // in both texts, so the tokens and the diff are what the whole paragraph would give.
    const [cut, cutTail] = sharedTokenEnds(removed, added);
    const x = tokens(removed.slice(cut, removed.length - cutTail));
    const y = tokens(added.slice(cut, added.length - cutTail));
    const [head, tail] = commonEnds(x, y);
    push(ops, 'equal', removed.slice(0, cut));
    push(ops, 'equal', x.slice(0, head).join(''));
    for (const w of anchoredChanges(
      x.slice(head, x.length - tail),
      y.slice(head, y.length - tail),
      words,
      o.maxEditLength,
    )) {
      if (w.whole && w.removed) blocksReplaced++;
      push(ops, w.added ? 'insert' : w.removed ? 'delete' : 'equal', w.value.join(''));
    }
    push(ops, 'equal', x.slice(x.length - tail).join(''));
    push(ops, 'equal', removed.slice(removed.length - cutTail));
  };
  let removed = '';
  let added = '';
  let gaveUp = false;
  for (const change of changes) {
    const text = change.value.join('');
    if (change.whole) gaveUp = true;
    if (change.removed) removed += text;
    else if (change.added) added += text;
    else {
      wordBlock(removed, added, gaveUp);
      removed = added = '';
      gaveUp = false;
      push(ops, 'equal', text);
    }
  }
  wordBlock(removed, added, gaveUp);
  push(ops, 'equal', oldText.slice(oldText.length - tailLength));
  return { ops, blocksReplaced };
}

/** Rebuilds the new text from the old one and the ops; throws when they do not fit. */
export function applyDiff(oldText: string, ops: readonly DiffOp[]): string {
  let at = 0;
  let out = '';
  for (const { op, text } of ops) {
    if (op === 'insert') {
      out += text;
      continue;
    }
    if (oldText.slice(at, at + text.length) !== text) throw new Error(`diff does not fit the old text at ${at}`);
    if (op === 'equal') out += text;
    at += text.length;
  }
  if (at !== oldText.length) throw new Error(`diff covers ${at} of ${oldText.length} characters`);
  return out;
}
