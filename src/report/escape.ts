import { truncate } from '../wikitext/index.ts';

/**
 * Things GitHub turns into links even without Markdown syntax ("autolinks"): URLs,
 * `www.` hosts and e-mail addresses. Each repeat is bounded, so the scan stays linear.
 */
const AUTOLINK = /(?:(?:https?|ftp):\/\/|www\.)[^\s<>]{1,2000}|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/gi;

function escapeText(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Only mid-line text is escaped here (table cells, after a prefix): line-start
      // markers such as `#`, `-` or `1.` cannot act, so they stay readable.
      .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
  );
}

/**
 * Wiki text shown in Markdown: every character Markdown or HTML would act on is
 * escaped, and URLs and addresses are shown as code, so no page content can inject
 * links, images, HTML or table cells.
 */
export function escapeMarkdown(text: string): string {
  const clean = text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let out = '';
  let at = 0;
  for (const m of clean.matchAll(AUTOLINK)) {
    out += escapeText(clean.slice(at, m.index)) + inlineCode(m[0]);
    at = m.index + m[0].length;
  }
  return out + escapeText(clean.slice(at));
}

/** A link only for http(s) URLs, with the characters that end a Markdown link destination encoded. */
export function markdownLink(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return escapeMarkdown(label);
  const safe = url.replace(/[()<>\s"'`\\|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(label)}](${safe})`;
}

/** A link to a report file beside this one; `(` and `)` encoded too, so a title such as "Foo (bar" cannot end it. */
export function fileLink(label: string, file: string): string {
  const safe = encodeURIComponent(file).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${label}](${safe})`;
}

/** Inline code that cannot be closed early: the fence is longer than any backtick run inside. */
export function inlineCode(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export const shorten = (s: string, n: number) => truncate(s, n - 1);
