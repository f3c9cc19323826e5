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
  /** Changed blocks reported whole because the word diff ran out of budget (or the line diff did). */
  blocksReplaced: number;
}

const DEFAULTS: Required<DiffOptions> = { lineWork: 4_000_000, wordWork: 200_000, maxEditLength: 5_000 };

/** The longest edit script that `work` allows over `items` items (jsdiff's search costs about items × edits). */
const editsWithin = (work: number, items: number, cap: number) => Math.min(cap, Math.floor(work / Math.max(items, 1)));

let lastSplit: { text: string; lines: string[] } | undefined;

/**
 * Lines with their `\n`, so they join back to the text exactly. A history diffs each
 * revision twice (as the new text, then as the old one): the last split is kept.
 */
function lines(text: string): string[] {
  if (lastSplit?.text === text) return lastSplit.lines;
  const out = splitLines(text);
  lastSplit = { text, lines: out };
  return out;
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
  const a = lines(oldText);
  const b = lines(newText);
  let wordWork = o.wordWork;
  const [head, tail] = commonEnds(a, b);
  push(ops, 'equal', a.slice(0, head).join(''));

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const lineEdits = editsWithin(o.lineWork, midA.length + midB.length, o.maxEditLength);
  const changes = lineEdits > 0 ? diffArrays(midA, midB, { maxEditLength: lineEdits }) : undefined;
  const wordBlock = (removed: string, added: string) => {
    const whole = Boolean(removed && added) && replacedWhole(removed, added, o.maxEditLength);
    if (!removed || !added || whole) {
      if (whole) blocksReplaced++;
      push(ops, 'delete', removed);
      push(ops, 'insert', added);
      return;
    }
    // Tokens the two sides share at either end are kept without asking jsdiff, which
    // would otherwise walk them on every edit to a long paragraph.
    const x = tokens(removed);
    const y = tokens(added);
    const [head, tail] = commonEnds(x, y);
    const items = x.length + y.length - 2 * (head + tail);
    const allowed = editsWithin(wordWork, items, o.maxEditLength);
    const words =
      allowed > 0
        ? diffArrays(x.slice(head, x.length - tail), y.slice(head, y.length - tail), { maxEditLength: allowed })
        : undefined;
    // What the search cost: the edits it found, or all it was allowed when it gave up.
    const edits = words ? words.reduce((n, w) => n + (w.added || w.removed ? w.count : 0), 0) : allowed;
    wordWork -= items * Math.max(edits, 1);
    push(ops, 'equal', x.slice(0, head).join(''));
    if (!words) {
      blocksReplaced++;
      push(ops, 'delete', x.slice(head, x.length - tail).join(''));
      push(ops, 'insert', y.slice(head, y.length - tail).join(''));
    } else {
      for (const w of words) push(ops, w.added ? 'insert' : w.removed ? 'delete' : 'equal', w.value.join(''));
    }
    push(ops, 'equal', x.slice(x.length - tail).join(''));
  };
  if (!changes) {
    blocksReplaced++;
    push(ops, 'delete', midA.join(''));
    push(ops, 'insert', midB.join(''));
  } else {
    let removed = '';
    let added = '';
    for (const change of changes) {
      const text = change.value.join('');
      if (change.removed) removed += text;
      else if (change.added) added += text;
      else {
        wordBlock(removed, added);
        removed = added = '';
        push(ops, 'equal', text);
      }
    }
    wordBlock(removed, added);
  }
  push(ops, 'equal', a.slice(a.length - tail).join(''));
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
