/**
 * The brace and hidden-content scanning that extraction, the plain-text view and the
 * history scan share: which `{{ … }}` pairs match, and which parts of the text the wiki
 * does not read as markup.
 */

const HIDDEN_TAGS = 'nowiki|pre|math|syntaxhighlight|source|score|chem|ce|code|graph|templatedata';
/** Comments, and tags whose content is text, not markup (self-closed ones hold nothing). */
const HIDDEN = new RegExp(
  `<!--[\\s\\S]*?(?:-->|$)|<(${HIDDEN_TAGS})\\b([^>]{0,500})(?<!\\/)>[\\s\\S]*?(?:<\\/\\1\\s*>|$)`,
  'gi',
);
const MAY_HIDE = new RegExp(`<!--|<(?:${HIDDEN_TAGS})\\b`, 'i');

/** Where hidden content lies, as sorted [start, end) ranges: no copy of the text is made. */
export function hiddenRanges(text: string): [number, number][] {
  if (!MAY_HIDE.test(text)) return [];
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(HIDDEN)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

const HIDDEN_OPENER = new RegExp(`<(?:${HIDDEN_TAGS})\\b`, 'gi');

/**
 * Whether text following this one could change what of it is hidden: a comment or tag
 * left open runs to the end (the last range reaches it), or an opening tag outside the
 * ranges has no `>` yet. When it cannot, the text's ranges are the same alone as with
 * any text after it.
 */
export function hiddenLeaks(text: string, ranges: readonly [number, number][]): boolean {
  if (ranges.length && ranges[ranges.length - 1]![1] === text.length) return true;
  if (!MAY_HIDE.test(text)) return false;
  // An opener has no `>` after it exactly when it stands past the last one: one search, not
  // one per opener (thousands of `<pre ` with no `>` would make that quadratic).
  const lastGt = text.lastIndexOf('>');
  HIDDEN_OPENER.lastIndex = lastGt + 1;
  for (let m = HIDDEN_OPENER.exec(text); m; m = HIDDEN_OPENER.exec(text)) {
    if (!inRanges(ranges, m.index)) return true;
  }
  return false;
}

/** Whether `offset` lies in one of the sorted ranges (a binary search). */
export function inRanges(ranges: readonly [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (offset < a) hi = mid - 1;
    else if (offset >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The text without its hidden parts (offsets are not kept). */
export function stripHidden(text: string): string {
  return MAY_HIDE.test(text) ? text.replace(HIDDEN, '') : text;
}

export interface BracePair {
  start: number;
  /** Just past the closing `}}`. */
  end: number;
  /** Templates around it: 0 for an outermost one. */
  depth: number;
}

/**
 * Every matched `{{ … }}`, outermost and nested, sorted by start, and the deepest nesting
 * reached (unclosed `{{` count too). Braces inside `hidden` ranges are text. Linear: each
 * brace is found once with indexOf.
 */
export function bracePairs(
  text: string,
  hidden: readonly [number, number][] = [],
): { pairs: BracePair[]; maxDepth: number; unclosed: number } {
  return delimitedPairs(text, '{{', '}}', hidden);
}

/** bracePairs for any two-character opener and closer (`[[` and `]]` for links). */
export function delimitedPairs(
  text: string,
  opener: string,
  closer: string,
  hidden: readonly [number, number][] = [],
): { pairs: BracePair[]; maxDepth: number; unclosed: number } {
  const pairs: BracePair[] = [];
  const opens: number[] = [];
  let maxDepth = 0;
  let open = text.indexOf(opener);
  let close = text.indexOf(closer);
  while (open !== -1 || close !== -1) {
    if (open !== -1 && (close === -1 || open < close)) {
      if (!inRanges(hidden, open)) {
        opens.push(open);
        if (opens.length > maxDepth) maxDepth = opens.length;
      }
      open = text.indexOf(opener, open + 2);
      continue;
    }
    if (!inRanges(hidden, close)) {
      const start = opens.pop();
      if (start !== undefined) pairs.push({ start, end: close + 2, depth: opens.length });
    }
    close = text.indexOf(closer, close + 2);
  }
  return { pairs: pairs.sort((a, b) => a.start - b.start), maxDepth, unclosed: opens.length };
}

/**
 * How deep the matched pairs nest (sorted by start, as bracePairs gives them): an unclosed
 * opener around them nests nothing, unlike in `maxDepth`.
 */
export function pairNesting(pairs: readonly BracePair[]): number {
  const ends: number[] = [];
  let max = 0;
  for (const { start, end } of pairs) {
    while (ends.length && ends.at(-1)! <= start) ends.pop();
    ends.push(end);
    if (ends.length > max) max = ends.length;
  }
  return max;
}
