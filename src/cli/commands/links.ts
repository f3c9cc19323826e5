import type { LinkTarget } from '../../audit/index.ts';
import { linkKey } from '../../links/index.ts';
import { auditDump, emptySummary } from '../../pipeline/index.ts';
import type { PageReport } from '../../report/index.ts';
import { InputError } from '../../source/index.ts';
import { namespacesOf, packOf } from '../flags.ts';
import { openInput, type CliIO } from '../io.ts';
import { checkPageLinks, linkCheckOptionsOf, type LinkFlags } from '../links.ts';

export interface LinksFlags extends LinkFlags {
  page?: string[];
  ns?: string;
  rules?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `citeaudit links <dump>`: checks the distinct URLs of the latest revisions and prints
 * one line per URL (or a JSON array): the link-rot list, without the rest of the audit.
 */
export async function runLinks(dump: string, flags: LinksFlags, io: CliIO): Promise<number> {
  const { pack } = packOf(flags.rules, io.cwd);
  const options = linkCheckOptionsOf(flags, io);
  const namespaces = namespacesOf(flags.ns, Boolean(flags.page?.length));
  const summary = emptySummary();
  const targets = new Map<PageReport, LinkTarget[]>();
  let failed: string | undefined;
  try {
    const source = await openInput(dump, io, Boolean(flags.quiet));
    for await (const _page of auditDump(
      source,
      {
        pack,
        namespaces,
        ...(flags.page?.length ? { pages: flags.page } : {}),
        onLinkTargets: (page, list) => targets.set(page, list),
        // The URLs of each page's latest revision, nothing else: no history, rules or figures.
        linksOnly: true,
      },
      summary,
    ));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    failed = err.message;
    io.stderr.write(`citeaudit: error: ${err.message}\n`);
  }
  const { checked, interrupted } = await checkPageLinks(targets, pack, options, summary, io, Boolean(flags.quiet));
  // Which pages cite each URL, for the triage list.
  const pagesOf = new Map<string, Set<string>>();
  for (const [page, list] of targets)
    for (const t of list) {
      const key = t.role === 'archive' ? t.url : (linkKey(t.url) ?? t.url.trim());
      let set = pagesOf.get(key);
      if (!set) pagesOf.set(key, (set = new Set()));
      set.add(page.title);
    }
  const rows = [...checked.links.values()].map((l) => ({ ...l, pages: [...(pagesOf.get(l.url) ?? [])] }));
  const archives = [...checked.archives].map(([url, a]) => ({ url, ...a, pages: [...(pagesOf.get(url) ?? [])] }));
  if (flags.json) {
    io.stdout.write(
      `${JSON.stringify({ schema: 'citeaudit/links@1', links: rows, archives, summary: summary.links }, null, 2)}\n`,
    );
  } else {
    for (const r of rows)
      io.stdout.write(
        `${r.class.padEnd(15)} ${String(r.status ?? r.error ?? '').padEnd(8)} ${r.url}  (${r.reason}${r.capture ? `; archive ${r.capture.url}` : ''})\n`,
      );
    for (const a of archives)
      io.stdout.write(
        `archive-${a.state.padEnd(7)} ${''.padEnd(8)} ${a.url}${a.state === 'ok' ? '' : `  (${a.reason})`}\n`,
      );
  }
  if (failed) return 2;
  return interrupted ? 130 : 0;
}
