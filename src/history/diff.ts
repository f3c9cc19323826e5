import { diffArrays } from 'diff';

/** One step of turning the old text into the new: keep, insert or delete a run of text. */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface DiffOptions {
  /** Budget for the paragraph (line) diff, in ms; past it the whole middle is replaced. */
  lineTimeoutMs?: number;
  /** Budget for the word diff of one changed block; past it the block is replaced. */
  wordTimeoutMs?: number;
  /** Longest edit script jsdiff may search, per call. */
  maxEditLength?: number;
}

export interface TextDiff {
  ops: DiffOp[];
  /** Changed blocks reported whole because the word diff ran out of budget (or the line diff did). */
  blocksReplaced: number;
}

const DEFAULTS: Required<DiffOptions> = { lineTimeoutMs: 200, wordTimeoutMs: 10, maxEditLength: 5_000 };

/** Lines with their `\n`, so they join back to the text exactly. */
function lines(text: string): string[] {
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

/** Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Chinese, Japanese. */
const UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
const WORDS = /\s+|[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu;

/**
 * Words, spaces and punctuation as separate tokens that join back to the text. Blocks in
 * scripts written without spaces go through ICU's word segmentation, which splits Thai,
 * Chinese and Japanese into words; everything else takes a regular expression, many
 * times faster. Either way it runs per changed block, never over the whole page.
 */
export function tokens(text: string): string[] {
  if (!UNSPACED.test(text)) return text.match(WORDS) ?? [];
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) out.push(segment);
  return out;
}

function push(ops: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = ops[ops.length - 1];
  if (last && last.op === op) last.text += text;
  else ops.push({ op, text });
}

/**
 * Diffs two revisions paragraph first, then by words inside the changed blocks. Every
 * jsdiff call carries a time and edit-length budget: vandalism and blanking make
 * unrelated texts, where an unbounded word diff takes tens of seconds. A block whose
 * budget runs out is reported replaced whole. The ops always rebuild both texts exactly.
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
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  push(ops, 'equal', a.slice(0, head).join(''));

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const changes = diffArrays(midA, midB, { timeout: o.lineTimeoutMs, maxEditLength: o.maxEditLength });
  const wordBlock = (removed: string, added: string) => {
    if (!removed || !added) {
      push(ops, 'delete', removed);
      push(ops, 'insert', added);
      return;
    }
    const words = diffArrays(tokens(removed), tokens(added), {
      timeout: o.wordTimeoutMs,
      maxEditLength: o.maxEditLength,
    });
    if (!words) {
      blocksReplaced++;
      push(ops, 'delete', removed);
      push(ops, 'insert', added);
      return;
    }
    for (const w of words) push(ops, w.added ? 'insert' : w.removed ? 'delete' : 'equal', w.value.join(''));
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
