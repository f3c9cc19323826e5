import { isInfobox, normalizeTemplateName, type TemplateCatalog } from '../wikitext/index.ts';
import { carryRuns, latestOrigin, type Run } from './blame.ts';
import { diffTexts, type DiffOp } from './diff.ts';
import {
  scanParagraphs,
  type ParagraphScan,
  type Scan,
  type ScanOptions,
  type ScannedCitation,
  type ScannedTag,
} from './scan.ts';

/** A revision as the history reports it. */
export interface RevisionRef {
  id?: string;
  parentId?: string;
  timestamp?: string;
  user?: string;
  comment?: string;
  minor?: boolean;
  /** Counts from the scan of this revision (undefined when its text is hidden or missing). */
  counts?: { citationNeeded: number; tags: number; citations: number };
}

export type ChangeKind =
  | 'citation-added'
  | 'citation-removed'
  | 'citation-changed'
  | 'url-changed'
  | 'tag-added'
  | 'tag-removed'
  | 'tag-removed-unresolved'
  | 'figure-changed'
  | 'figure-changed-unsourced'
  | 'revert';

export interface ChangeEvent {
  kind: ChangeKind;
  revision: RevisionRef;
  /** The revision it was compared with. */
  previous?: RevisionRef;
  /** `…/w/index.php?diff=NEW&oldid=OLD` */
  diffUrl?: string;
  detail: Record<string, unknown>;
}

export interface HistoryInput {
  id?: string | undefined;
  parentId?: string | undefined;
  timestamp?: string | undefined;
  user?: string | undefined;
  comment?: string | undefined;
  minor?: boolean;
  /** The dump's base-36 sha1 of the text; undefined when absent or empty. */
  sha1?: string | undefined;
  /** The text, or undefined when it is hidden or failed to load (skipped in the diff chain). */
  text: string | undefined;
}

export interface PageHistoryResult {
  revisions: RevisionRef[];
  /** Change events, oldest first, with reverted churn folded away. */
  changes: ChangeEvent[];
  /** Who wrote each part of the latest text: see blame.ts. */
  runs: Run[];
  /** Revisions that arrived older than one already read (dumps can be out of order). */
  outOfOrder: number;
  /** Index of the first revision whose text was read (-1 when none was): blame cannot see past it. */
  firstReadable: number;
  /** How many revisions had their text read. */
  readable: number;
  /**
   * Each URL written in the latest text (see Scan.urls), with the index of the revision
   * from which the page has held it without a break: moving or restyling its citation
   * keeps the date, removing it and putting it back later restarts it, and a revert to an
   * earlier text takes that text's dates. Empty unless the history follows URLs (its
   * `urls` option: the pipeline sets it when links are to be checked).
   */
  urlsSince: ReadonlyMap<string, number>;
}

/** Identity reverts are looked for among this many earlier revisions (as mwreverts does). */
const REVERT_WINDOW = 15;
/** Characters of a finding's start that decide when it was introduced. */
const BLAME_HEAD = 12;

interface State {
  index: number;
  /** The dump's sha1, when it has one; without it the texts themselves are compared. */
  sha1: string | undefined;
  runs: Run[];
  text: string;
  scan: ParagraphScan;
  /** See PageHistoryResult.urlsSince. */
  urlsSince: ReadonlyMap<string, number>;
}

const tagKey = (t: ScannedTag) => `${t.canonical}\u0000${t.claim}`;
const citationKey = (c: ScannedCitation) => `${c.template}\u0000${c.url ?? c.title ?? ''}`;
const citationState = (c: ScannedCitation) =>
  JSON.stringify([c.title ?? '', c.archiveUrl ?? '', c.urlStatus ?? '', c.deadUrl ?? '']);

function multiset<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Items of `a` with no counterpart in `b` (as multisets by key). */
function minus<T>(a: Map<string, T[]>, b: Map<string, T[]>): T[] {
  const out: T[] = [];
  for (const [k, list] of a) {
    const other = b.get(k)?.length ?? 0;
    for (let i = other; i < list.length; i++) out.push(list[i]!);
  }
  return out;
}

/**
 * Follows one page through its revisions, oldest first: diffs each against the one
 * before, carries authorship (blame) across the diff, and turns the difference in tags
 * and citations into change events. An identity revert (same text as one of the last 15
 * revisions) restores that revision's authorship, so vandalism and its revert leave the
 * blame as it was, and their events are folded into the revert.
 */
export class PageHistory {
  private readonly revisions: RevisionRef[] = [];
  private readonly events: { index: number; event: ChangeEvent }[] = [];
  private readonly window: State[] = [];
  private outOfOrder = 0;
  private lastTimestamp = '';

  constructor(
    private readonly catalog: TemplateCatalog,
    private readonly baseUrl: string,
    /** `urls`: follow the URLs of each revision, for urlsSince (link checking wants them; nothing else does). */
    private readonly scanOptions: ScanOptions = {},
  ) {}

  add(input: HistoryInput): void {
    const index = this.revisions.length;
    const ref: RevisionRef = {
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      ...(input.user !== undefined ? { user: input.user } : {}),
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
      ...(input.minor ? { minor: true } : {}),
    };
    this.revisions.push(ref);
    if (input.timestamp !== undefined) {
      if (input.timestamp < this.lastTimestamp) this.outOfOrder++;
      else this.lastTimestamp = input.timestamp;
    }
    if (input.text === undefined) return;
    const text = input.text;
    // The same text is the same string: strings are compared character by character only
    // when their lengths agree, which is cheaper than hashing. Two sha1s that differ spare
    // even that; two that match are not taken on trust (a dump whose sha1 matches another
    // text contradicts itself), and an empty one says nothing.
    const sha1 = input.sha1 || undefined;
    const same = (state: State) => (!sha1 || !state.sha1 || sha1 === state.sha1) && state.text === text;
    const prev = this.window.at(-1);
    // A null edit or a revert brings back a text already scanned: its scan is reused.
    const match =
      prev && same(prev) ? prev : this.window.findLast((state, i) => i < this.window.length - 1 && same(state));
    // Otherwise only the paragraphs the diff shows changed are scanned again.
    const before = prev && !match ? { scan: prev.scan, ops: diffTexts(prev.text, text).ops } : undefined;
    const scan = match?.scan ?? scanParagraphs(text, this.catalog, before, this.scanOptions);
    ref.counts = {
      citationNeeded: scan.tags.filter((t) => t.rule === 'citation-needed').length,
      tags: scan.tags.length,
      citations: scan.citations.length,
    };
    if (!prev) {
      this.remember({
        index,
        sha1,
        runs: text ? [{ length: text.length, origin: index }] : [],
        text,
        scan,
        urlsSince: urlsSince(undefined, scan, index),
      });
      return;
    }
    if (match === prev) {
      // A null edit (a protection, a dummy edit): nothing changed, nobody new wrote anything.
      this.remember({ ...prev, index });
      return;
    }
    if (match) {
      this.revert(index, match, prev, sha1);
      return;
    }
    const { ops } = before!;
    this.compare(prev, index, text, scan);
    for (const figure of figureChanges(ops, prev.text, text, this.catalog)) {
      this.event(index, prev.index, figure.sourced ? 'figure-changed' : 'figure-changed-unsourced', figure.detail);
    }
    this.remember({
      index,
      sha1,
      runs: carryRuns(prev.runs, ops, index),
      text,
      scan,
      urlsSince: urlsSince(prev, scan, index),
    });
  }

  private remember(state: State): void {
    this.window.push(state);
    if (this.window.length > REVERT_WINDOW) this.window.shift();
  }

  private event(index: number, previous: number, kind: ChangeKind, detail: Record<string, unknown>): void {
    const revision = this.revisions[index]!;
    const prev = this.revisions[previous]!;
    const diffUrl =
      revision.id && prev.id
        ? `${this.baseUrl}/w/index.php?diff=${encodeURIComponent(revision.id)}&oldid=${encodeURIComponent(prev.id)}`
        : undefined;
    this.events.push({ index, event: { kind, revision, previous: prev, ...(diffUrl ? { diffUrl } : {}), detail } });
  }

  /** The events between two consecutive readable revisions. */
  private compare(prev: State, index: number, text: string, scan: Scan): void {
    const oldTags = multiset(prev.scan.tags, tagKey);
    const newTags = multiset(scan.tags, tagKey);
    const removedTags = minus(oldTags, newTags);
    const addedTags = minus(newTags, oldTags);
    // A tag whose sentence was reworded is the same tag: same template and date, one gone
    // and one come in the same edit. Only what is left over was really removed or added.
    pairOff(removedTags, addedTags, (r, a) => a.canonical === r.canonical && a.date === r.date);
    for (const tag of removedTags) {
      const unresolved = tag.claim.length >= 8 && claimStillUncited(text, tag.claim);
      this.event(index, prev.index, unresolved ? 'tag-removed-unresolved' : 'tag-removed', tagDetail(tag));
    }
    for (const tag of addedTags) this.event(index, prev.index, 'tag-added', tagDetail(tag));

    const oldCites = multiset(prev.scan.citations, citationKey);
    const newCites = multiset(scan.citations, citationKey);
    const removed = minus(oldCites, newCites);
    const added = minus(newCites, oldCites);
    // A citation whose title stayed while its URL changed is one citation, moved.
    const moved = pairOff(
      removed,
      added,
      (r, a) => a.template === r.template && Boolean(a.title) && a.title === r.title && a.url !== r.url,
    );
    for (const [r, a] of moved) this.event(index, prev.index, 'url-changed', { ...citationDetail(a), oldUrl: r.url });
    for (const c of removed) this.event(index, prev.index, 'citation-removed', citationDetail(c));
    for (const c of added) this.event(index, prev.index, 'citation-added', citationDetail(c));
    for (const [key, list] of newCites) {
      const before = oldCites.get(key);
      if (!before || before.length !== list.length || list.length !== 1) continue;
      const [was, now] = [before[0]!, list[0]!];
      if (citationState(was) !== citationState(now)) {
        this.event(index, prev.index, 'citation-changed', { ...citationDetail(now), was: citationDetail(was) });
      }
    }
  }

  /** An identity revert: authorship as it was, and the churn it undid folded away. */
  private revert(index: number, to: State, prev: State, sha1: string | undefined): void {
    // Events are kept in revision order: those after the revision returned to are a tail.
    const cut = this.events.findIndex((e) => e.index > to.index);
    const undone = cut === -1 ? [] : this.events.splice(cut);
    const reverted = this.revisions.slice(to.index + 1, index).map((r) => r.id);
    this.event(index, prev.index, 'revert', {
      revertedTo: this.revisions[to.index]!.id,
      reverted,
      foldedChanges: undone.length,
    });
    // The window forgets the reverted revisions: a later revert cannot land on them.
    while (this.window.length && this.window.at(-1)!.index > to.index) this.window.pop();
    // The text is the one returned to (see `same`): its authorship and scan are the same too.
    this.remember({ index, sha1, runs: to.runs, text: to.text, scan: to.scan, urlsSince: to.urlsSince });
  }

  finish(): PageHistoryResult {
    return {
      revisions: this.revisions,
      changes: this.events.map((e) => e.event),
      runs: this.window.at(-1)?.runs ?? [],
      urlsSince: this.window.at(-1)?.urlsSince ?? new Map(),
      outOfOrder: this.outOfOrder,
      firstReadable: this.revisions.findIndex((r) => r.counts !== undefined),
      readable: this.revisions.filter((r) => r.counts !== undefined).length,
    };
  }
}

/**
 * The URLs of a revision, each with the revision from which the page has held it without a
 * break: the earlier date when it was there before, else this revision. Most edits leave
 * the URLs as they were, and then the map is the one before, not a copy.
 */
function urlsSince(
  before: { urlsSince: ReadonlyMap<string, number>; scan: Scan } | undefined,
  scan: Scan,
  index: number,
): ReadonlyMap<string, number> {
  // The same URLs in the same order: paragraphs kept from the revision before share their
  // strings, so this is a walk of references, not of characters.
  const was = before?.scan.urls;
  if (was && was.length === scan.urls.length && was.every((u, i) => u === scan.urls[i])) return before.urlsSince;
  const urls = new Set(scan.urls);
  const since = new Map<string, number>();
  for (const u of urls) since.set(u, before?.urlsSince.get(u) ?? index);
  return since;
}

/** A figure: digits with thousands separators and decimals; not a bare four-digit year. */
const isYear = (f: string) => /^(1[0-9]|20)\d\d$/.test(f);
const isNumberRun = (s: string) => s.length <= 24 && /^[\s$€£¥~≈]*\d[\d,.\s]*%?$/.test(s);
const SOURCE = /<ref\b|\{\{\s*(?:cite|citation|sfn|harvnb)\b|\burl\s*=/i;

/**
 * Numbers replaced by other numbers in prose or in an infobox field: a `delete` next to
 * an `insert` that each hold a figure. Sourced when the same edit inserted a ref or a
 * citation on the same line; a figure inside a ref or another template's parameters (a
 * page number, an access date) is no claim and is left out.
 */
function figureChanges(
  ops: readonly DiffOp[],
  oldText: string,
  text: string,
  catalog: TemplateCatalog,
): { sourced: boolean; detail: Record<string, unknown> }[] {
  const found: { at: number; from: string; to: string }[] = [];
  const sourcedLines = new Set<number>();
  let at = 0; // offset in the new text
  let oldAt = 0; // offset in the old text
  const lineOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const next = ops[i + 1];
    // A source added on the line, or a citation on it edited (a new URL, a new date): sourced.
    if (op.op === 'insert' && (SOURCE.test(op.text) || insideRef(text, at))) sourcedLines.add(lineOf(at));
    // Only a short run that is itself (part of) a number: a rewritten paragraph that happens
    // to hold numbers is an edit, not a changed figure.
    if (op.op === 'delete' && next?.op === 'insert' && isNumberRun(op.text) && isNumberRun(next.text)) {
      // The word diff may change only part of "12,400": the whole figures are read around it.
      const from = figureAround(oldText, oldAt, op.text.length);
      const to = figureAround(text, at, next.text.length);
      const last = found.at(-1);
      const same = last && last.to === to && at - last.at <= to.length;
      // Equal but for separators ("12400" → "12,400") is formatting, not a changed figure.
      const restyled = from.replace(/,/g, '') === to.replace(/,/g, '');
      if (from && to && !restyled && !same && !isYear(from) && !isYear(to) && isClaimPosition(text, at, catalog)) {
        found.push({ at, from, to });
      }
    }
    if (op.op !== 'delete') at += op.text.length;
    if (op.op !== 'insert') oldAt += op.text.length;
  }
  return found.map(({ at: offset, from, to }) => {
    const line = lineOf(offset);
    const end = text.indexOf('\n', offset);
    return {
      sourced: sourcedLines.has(line),
      detail: {
        from,
        to,
        context: text.slice(Math.max(line, offset - 80), Math.min(end === -1 ? text.length : end, offset + 80)),
      },
    };
  });
}

function insideRef(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 2000), offset);
  return before.lastIndexOf('<ref') > before.lastIndexOf('</ref');
}

/** The figure that a changed run of `length` characters at `offset` belongs to. */
function figureAround(text: string, offset: number, length: number): string {
  let start = offset;
  while (start > 0 && start > offset - 40 && /[\d,.]/.test(text[start - 1]!)) start--;
  let end = offset + length;
  while (end < text.length && end < offset + length + 40 && /[\d,.]/.test(text[end]!)) end++;
  return text
    .slice(start, end)
    .trim()
    .replace(/[,.]+$/, '');
}

/**
 * Prose, or the value of an infobox field; not inside a ref, nor in another template's
 * parameters (a page number or a date in a citation is no claim of the article's).
 */
function isClaimPosition(text: string, offset: number, catalog: TemplateCatalog): boolean {
  if (insideRef(text, offset)) return false;
  const template = enclosingTemplate(text, offset);
  // An infobox as the pack names them, spelled any way MediaWiki accepts ("Infobox_settlement").
  return template === undefined || isInfobox(catalog, normalizeTemplateName(template, catalog.caseRule));
}

/** The name of the template whose parameters hold `offset`, if any (read back at most 20,000 characters). */
function enclosingTemplate(text: string, offset: number): string | undefined {
  let depth = 0;
  for (let i = offset - 1; i > 0 && i > offset - 20_000; i--) {
    if (text[i] === '}' && text[i - 1] === '}') {
      depth++;
      i--;
    } else if (text[i] === '{' && text[i - 1] === '{') {
      if (depth === 0) return /^[^|}]{0,100}/.exec(text.slice(i + 1, i + 101))?.[0] ?? '';
      depth--;
      i--;
    }
  }
  return undefined;
}

function tagDetail(tag: ScannedTag): Record<string, unknown> {
  return { template: tag.name, canonical: tag.canonical, ...(tag.date ? { date: tag.date } : {}), claim: tag.claim };
}

/**
 * Pairs each item of `removed`, in order, with the first item of `added` that matches it,
 * and takes both out of their lists: what is left was really removed or added.
 */
function pairOff<R, A>(removed: R[], added: A[], match: (r: R, a: A) => boolean): [R, A][] {
  const pairs: [R, A][] = [];
  for (let k = 0; k < removed.length;) {
    const i = added.findIndex((a) => match(removed[k]!, a));
    if (i === -1) k++;
    else pairs.push([removed.splice(k, 1)[0]!, added.splice(i, 1)[0]!]);
  }
  return pairs;
}

function citationDetail(c: ScannedCitation): Record<string, unknown> {
  // The scan sets only the fields that have a value: all but the offset is detail.
  const { offset: _offset, ...detail } = c;
  return detail;
}

/** Whether the claim is still in the text with no ref right after it. */
function claimStillUncited(text: string, claim: string): boolean {
  const at = text.indexOf(claim);
  if (at === -1) return false;
  const after = text.slice(at + claim.length, at + claim.length + 40).trimStart();
  return !/^(?:<ref\b|\{\{\s*(?:sfn|harvnb|efn|r)\b)/i.test(after);
}

/**
 * The revision that wrote the character at `offset` of the latest text. Text present in
 * the first revision read is only known to be that old or older when the dump starts
 * after the page's creation (the first revision has a parent): `atOrBefore` says so.
 */
export function blameAt(
  result: PageHistoryResult,
  offset: number,
  /** Characters read from `offset`: by default the head of a finding (`{{citation needed`, `{{cite web`, a URL's start), which says when it came. */
  length = BLAME_HEAD,
): { revision: RevisionRef; atOrBefore: boolean } | undefined {
  const origin = latestOrigin(result.runs, offset, length);
  if (origin === undefined) return undefined;
  const revision = result.revisions[origin]!;
  return { revision, atOrBefore: origin === result.firstReadable && revision.parentId !== undefined };
}

/**
 * The date a thing that came with revision `index` has, as urlsSince gives it: that
 * revision, `atOrBefore` when the dump cannot show what the page held just before it (the
 * dump starts there and the page is older, it leaves out the revision's parent, or that
 * revision's text is deleted). blameAt keeps its narrower rule (the dump's start only).
 */
export function datedAt(result: PageHistoryResult, index: number): { revision: RevisionRef; atOrBefore: boolean } {
  const revision = result.revisions[index]!;
  const before = result.revisions[index - 1];
  const atOrBefore = !before
    ? revision.parentId !== undefined
    : before.counts === undefined ||
      (revision.parentId !== undefined && before.id !== undefined && revision.parentId !== before.id);
  return { revision, atOrBefore };
}
