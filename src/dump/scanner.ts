import { InputError } from '../source/index.ts';
import type { PageMeta, RevisionRecord, SiteInfo } from './types.ts';
import { parsePageHeader, parseRevision, parseSiteInfo } from './xml.ts';
import { decodeText } from './text.ts';

export interface ReadOptions {
  /** Name used in error messages. */
  file?: string;
  /** Largest `<revision>` element accepted, in bytes; memory is bounded by about twice this. */
  maxRevisionBytes?: number;
}

const LT = 0x3c;
const GT = 0x3e;
const REVISION_END = Buffer.from('</revision>');
const SITEINFO_END = Buffer.from('</siteinfo>');
const MAX_TAG = 64 * 1024;
const MAX_HEADER = 1024 * 1024;
const MAX_SITEINFO = 4 * 1024 * 1024;
const DEFAULT_MAX_REVISION_BYTES = 64 * 1024 * 1024;

type State = 'outside' | 'siteinfo' | 'header' | 'page' | 'revision';

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const endsName = (b: number) => isSpace(b) || b === GT || b === 0x2f;

const DECLARATION = 'DOCTYPE, entity declarations and CDATA are not allowed in a MediaWiki export';

/** Index of the first `<!` that does not open a comment: a DOCTYPE, ENTITY or CDATA. */
function findDeclaration(buf: Buffer, from = 0): number {
  for (let i = buf.indexOf('<!', from); i !== -1; i = buf.indexOf('<!', i + 2)) {
    if (buf[i + 2] !== 0x2d || buf[i + 3] !== 0x2d) return i;
  }
  return -1;
}

/**
 * Skips a comment or refuses a declaration at `i` (where `<!` begins). Returns the
 * index after the comment, or undefined when the buffer ends before it does.
 */
function skipComment(buf: Buffer, i: number, fail: (message: string, at: number) => never): number | undefined {
  if (i + 3 >= buf.length) return undefined;
  if (buf[i + 2] !== 0x2d || buf[i + 3] !== 0x2d) fail(DECLARATION, i);
  const end = buf.indexOf('-->', i + 4);
  if (end === -1) {
    if (buf.length - i > MAX_TAG) fail('unterminated comment', i);
    return undefined;
  }
  return end + 3;
}

const TEXT_OPEN = Buffer.from('<text');
const TEXT_CLOSE = Buffer.from('</text>');

/**
 * Where the content of a revision's main `<text>…</text>` lies, if it has any: the first
 * `<text` element is the main slot (other slots come later, inside `<content>`).
 */
function mainTextContent(raw: Buffer): { start: number; end: number } | undefined {
  let open = raw.indexOf(TEXT_OPEN);
  while (open !== -1 && !endsName(raw[open + TEXT_OPEN.length] ?? 0)) open = raw.indexOf(TEXT_OPEN, open + 1);
  if (open === -1) return undefined;
  const tagEnd = raw.indexOf(GT, open);
  if (tagEnd === -1 || raw[tagEnd - 1] === 0x2f) return undefined;
  const close = raw.indexOf(TEXT_CLOSE, tagEnd);
  return close === -1 ? undefined : { start: tagEnd + 1, end: close };
}

/** The element name after the `<` at `i` (with a leading `/` for end tags), or undefined if the buffer ends first. */
function tagName(buf: Buffer, i: number): { name: string; nameEnd: number } | undefined {
  let j = i + 1;
  if (buf[j] === 0x2f) j++;
  // A name longer than 64 bytes is cut there: no MediaWiki element has one.
  while (j < buf.length && j - i <= 64 && !endsName(buf[j]!)) j++;
  if (j >= buf.length) return undefined;
  return { name: buf.toString('latin1', i + 1, j), nameEnd: j };
}

/**
 * Streams a MediaWiki XML export one revision at a time.
 *
 * A byte scanner cuts the stream at `<page>`, `<revision>` and `</revision>`; only those
 * slices are decoded and handed to fast-xml-parser. That is sound because exports escape
 * every `<` inside text as `&lt;` and contain no CDATA, comments or DOCTYPE (any `<!` is
 * refused), and because UTF-8 never uses ASCII bytes inside a multi-byte character.
 * Memory is bounded by the largest revision (held back by one, to mark the page's last).
 */
export async function* readRevisions(
  bytes: AsyncIterable<Buffer>,
  options: ReadOptions = {},
): AsyncIterable<RevisionRecord> {
  const file = options.file;
  const maxRevision = options.maxRevisionBytes ?? DEFAULT_MAX_REVISION_BYTES;
  const site: SiteInfo = { namespaces: [] };
  let state = 'outside' as State;
  let buf: Buffer = Buffer.alloc(0);
  let base = 0; // absolute offset of buf[0]
  let pos = 0;
  let captureStart = 0; // index in buf where the element being captured begins
  let sawRoot = false;
  let rootClosed = false;
  let sawPage = false;
  let page: PageMeta | undefined;
  let pageStart = 0;
  let revisionStart = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let held: RevisionRecord | undefined;

  const fail = (message: string, offset: number, extra: { page?: string; revision?: string } = {}): never => {
    const where = [
      file,
      `byte ${offset}`,
      extra.page && `page "${extra.page}"`,
      extra.revision && `revision ${extra.revision}`,
    ]
      .filter(Boolean)
      .join(', ');
    throw new InputError(`${where}: ${message}`, { ...(file ? { file } : {}), offset, ...extra });
  };
  const pageName = () => (page ? { page: page.title } : {});

  for await (const chunk of bytes) {
    // Keep what is not consumed yet: a split tag, or the element being captured.
    const keepFrom = state === 'siteinfo' || state === 'header' ? captureStart : pos;
    if (keepFrom < buf.length) buf = Buffer.concat([buf.subarray(keepFrom), chunk]);
    else buf = chunk;
    base += keepFrom;
    pos -= keepFrom;
    captureStart -= keepFrom;

    scan: for (;;) {
      switch (state) {
        case 'outside': {
          const i = buf.indexOf(LT, pos);
          const stop = i === -1 ? buf.length : i;
          for (let k = pos; k < stop; k++) {
            const b = buf[k]!;
            const bom = base + k < 3 && (b === 0xef || b === 0xbb || b === 0xbf);
            if (!isSpace(b) && !bom) {
              fail(
                sawPage || sawRoot
                  ? `unexpected text between elements (0x${b.toString(16).padStart(2, '0')})`
                  : 'not a MediaWiki XML export: expected "<" to begin an element',
                base + k,
              );
            }
          }
          if (i === -1) {
            pos = buf.length;
            break scan;
          }
          if (i + 1 >= buf.length) {
            pos = i;
            break scan;
          }
          if (buf[i + 1] === 0x21) {
            const after = skipComment(buf, i, (m, at) => fail(m, base + at));
            if (after === undefined) {
              pos = i;
              break scan;
            }
            pos = after;
            continue;
          }
          if (buf[i + 1] === 0x3f) {
            const end = buf.indexOf('?>', i);
            if (end === -1) {
              if (buf.length - i > MAX_TAG) fail('unterminated XML declaration', base + i);
              pos = i;
              break scan;
            }
            pos = end + 2;
            continue;
          }
          const tag = tagName(buf, i);
          if (!tag) {
            pos = i;
            break scan;
          }
          if (tag.name === 'siteinfo') {
            state = 'siteinfo';
            captureStart = pos = i;
            continue;
          }
          if (tag.name === 'page') {
            if (rootClosed) fail('<page> after </mediawiki>', base + i);
            state = 'header';
            sawPage = true;
            captureStart = pos = i;
            pageStart = base + i;
            page = undefined;
            continue;
          }
          const end = buf.indexOf(GT, tag.nameEnd);
          if (end === -1) {
            if (buf.length - i > MAX_TAG) fail(`unterminated <${tag.name}> tag`, base + i);
            pos = i;
            break scan;
          }
          if (tag.name === 'mediawiki') {
            if (sawRoot) fail('a second <mediawiki> element', base + i);
            sawRoot = true;
            const version = /\bversion\s*=\s*["']([^"']{1,16})["']/.exec(buf.toString('utf8', i, end));
            if (version) site.schemaVersion = version[1]!;
          } else if (tag.name === '/mediawiki') {
            rootClosed = true;
          } else {
            fail(`unexpected <${tag.name}> outside a <page>: not a pages dump`, base + i);
          }
          pos = end + 1;
          continue;
        }

        case 'siteinfo': {
          const e = buf.indexOf(SITEINFO_END, pos);
          if (e === -1) {
            if (buf.length - captureStart > MAX_SITEINFO) fail('<siteinfo> is larger than 4 MiB', base + captureStart);
            pos = Math.max(captureStart, buf.length - SITEINFO_END.length);
            break scan;
          }
          const end = e + SITEINFO_END.length;
          const xml = buf.toString('utf8', captureStart, end);
          const bad = findDeclaration(buf.subarray(captureStart, end));
          if (bad !== -1) fail(DECLARATION, base + captureStart + bad);
          try {
            Object.assign(site, parseSiteInfo(xml));
          } catch (err) {
            fail(`malformed <siteinfo>: ${(err as Error).message}`, base + captureStart);
          }
          state = 'outside';
          pos = end;
          continue;
        }

        case 'header': {
          const r = buf.indexOf('<revision', pos);
          const p = buf.indexOf('</page>', pos);
          const cut = r === -1 ? p : p === -1 ? r : Math.min(r, p);
          if (cut === -1) {
            if (buf.length - captureStart > MAX_HEADER)
              fail('page header larger than 1 MiB before its first <revision>', pageStart);
            pos = Math.max(captureStart, buf.length - 10);
            break scan;
          }
          const xml = buf.toString('utf8', captureStart, cut);
          const bad = findDeclaration(buf.subarray(captureStart, cut));
          if (bad !== -1) fail(DECLARATION, base + captureStart + bad);
          const nested = xml.indexOf('<page', 1);
          if (nested !== -1) fail('<page> inside a <page>: the one before has no </page>', pageStart);
          try {
            page = parsePageHeader(`${xml}</page>`, site, pageStart);
          } catch (err) {
            fail(`malformed page header: ${(err as Error).message}`, pageStart);
          }
          state = 'page';
          pos = cut;
          continue;
        }

        case 'page': {
          const i = buf.indexOf(LT, pos);
          if (i === -1) {
            pos = buf.length;
            break scan;
          }
          if (i + 1 >= buf.length) {
            pos = i;
            break scan;
          }
          if (buf[i + 1] === 0x21) {
            const after = skipComment(buf, i, (m, at) => fail(m, base + at, pageName()));
            if (after === undefined) {
              pos = i;
              break scan;
            }
            pos = after;
            continue;
          }
          const tag = tagName(buf, i);
          if (!tag) {
            pos = i;
            break scan;
          }
          if (tag.name === 'revision') {
            state = 'revision';
            revisionStart = base + i;
            pending = [];
            pendingLength = 0;
            pos = i;
            continue;
          }
          if (tag.name === '/page') {
            if (held) {
              held.lastOfPage = true;
              const out = held;
              held = undefined;
              yield out;
            }
            state = 'outside';
            page = undefined;
            pos = i + '</page>'.length;
            continue;
          }
          if (tag.name === 'page' || tag.name === '/mediawiki' || tag.name === 'siteinfo') {
            fail(
              `<${tag.name.replace('/', '')}> inside the page that began at byte ${pageStart}: it has no </page>`,
              base + i,
              pageName(),
            );
          }
          // <upload>, <discussionthreadinginfo> and their children: not revisions, skipped.
          const end = buf.indexOf(GT, tag.nameEnd);
          if (end === -1) {
            if (buf.length - i > MAX_TAG) fail(`unterminated <${tag.name}> tag`, base + i, pageName());
            pos = i;
            break scan;
          }
          pos = end + 1;
          continue;
        }

        case 'revision': {
          const e = buf.indexOf(REVISION_END, pos);
          // Without its end in this buffer, all but a possible start of `</revision>` is kept.
          const end = e === -1 ? Math.max(pos, buf.length - REVISION_END.length + 1) : e + REVISION_END.length;
          if (end > pos) {
            pending.push(buf.subarray(pos, end));
            pendingLength += end - pos;
          }
          if (pendingLength > maxRevision) {
            fail(`<revision> is larger than the limit of ${maxRevision} bytes`, revisionStart, pageName());
          }
          pos = end;
          if (e === -1) break scan;
          const raw = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLength);
          pending = [];
          pendingLength = 0;
          state = 'page';
          yield* emit(raw);
          continue;
        }
      }
    }
  }

  function* emit(raw: Buffer): Generator<RevisionRecord> {
    const where = pageName();
    const bad = findDeclaration(raw);
    if (bad !== -1) fail(DECLARATION, revisionStart + bad, where);
    for (const inner of ['<revision', '</page>', '<page>']) {
      const k = raw.indexOf(inner, inner === '<revision' ? 1 : 0);
      if (k !== -1)
        fail(
          `${inner.replace('<revision', '<revision>')} inside a revision: the revision at byte ${revisionStart} has no </revision>`,
          revisionStart + k,
          where,
        );
    }
    let parsed;
    let tidy = false;
    try {
      const text = mainTextContent(raw);
      if (text) {
        const decoded = decodeText(raw, text.start, text.end);
        tidy = decoded.tidy;
        parsed = parseRevision(raw.toString('utf8', 0, text.start) + raw.toString('utf8', text.end), decoded.text);
      } else parsed = parseRevision(raw.toString('utf8'));
    } catch (err) {
      fail(`malformed revision: ${(err as Error).message}`, revisionStart, where);
    }
    const record: RevisionRecord = {
      site,
      page: page!,
      revision: { ...parsed!.meta, offset: revisionStart },
      text: parsed!.text,
      ...(tidy ? { tidy } : {}),
      lastOfPage: false,
    };
    if (held) yield held;
    held = record;
  }

  const eof = base + buf.length;
  if (state === 'revision') {
    fail(`truncated input: the <revision> at byte ${revisionStart} has no </revision>`, eof, pageName());
  }
  if (state === 'header' || state === 'page') {
    fail(`truncated input: the <page> at byte ${pageStart} has no </page>`, eof, pageName());
  }
  if (state === 'siteinfo') fail('truncated input: <siteinfo> has no </siteinfo>', eof);
  if (pos < buf.length) fail('truncated input: an unfinished tag at the end', base + pos);
  if (sawRoot && !rootClosed) fail('truncated input: <mediawiki> has no </mediawiki>', eof);
  if (!sawPage && !sawRoot) fail('not a MediaWiki XML export: no <mediawiki> or <page> element', eof);
}
