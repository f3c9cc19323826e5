import type { PageComparison } from '../pipeline/compare.ts';
import { escapeMarkdown, markdownLink, shorten } from './escape.ts';
import type { ReportError } from './types.ts';

export const DIFF_SCHEMA = 'citeaudit/diff@1';

/** `citeaudit diff`: two snapshots compared page by page (schema `citeaudit/diff@1`). */
export interface DiffReport {
  schema: typeof DIFF_SCHEMA;
  generator: { name: 'citeaudit'; version: string };
  generatedAt?: string;
  old: { file: string };
  new: { file: string };
  /** Pages with anything to say: changes, new or resolved findings. */
  pages: PageComparison[];
  summary: {
    pagesCompared: number;
    pagesChanged: number;
    newFindings: number;
    resolvedFindings: number;
    openFindings: number;
    newByRule: Record<string, number>;
    resolvedByRule: Record<string, number>;
    complete: boolean;
  };
  errors: ReportError[];
}

const byRule = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([rule, n]) => `${n} ${rule}`)
    .join(', ') || 'none';

export function renderDiffMarkdown(report: DiffReport): string {
  const s = report.summary;
  const lines = [
    `# Citation audit: ${escapeMarkdown(report.old.file)} → ${escapeMarkdown(report.new.file)}`,
    '',
    escapeMarkdown(
      `${s.pagesCompared} pages compared, ${s.pagesChanged} with changes. New findings: ${byRule(s.newByRule)}. ` +
        `Resolved: ${byRule(s.resolvedByRule)}. Still open: ${s.openFindings}.`,
    ),
    '',
  ];
  if (!s.complete) lines.push('**An input ended in an error: this report covers the pages read before it.**', '');
  for (const e of report.errors) lines.push(`- Error: ${escapeMarkdown(e.message)}`);
  if (report.errors.length) lines.push('');
  if (report.pages.length) {
    lines.push('| page | new | resolved | open | changes |', '| --- | ---: | ---: | ---: | ---: |');
    for (const p of report.pages) {
      lines.push(
        `| ${escapeMarkdown(p.title)}${p.presence === 'both' ? '' : ` (${p.presence})`} | ${p.newFindings.length} | ${p.resolvedFindings.length} | ${p.openFindings} | ${p.changes.length} |`,
      );
    }
    lines.push('');
  }
  for (const p of report.pages) {
    lines.push(`## ${escapeMarkdown(p.title)}`, '');
    const from = p.oldRevision?.id ?? '(none)';
    const to = p.newRevision?.id ?? '(none)';
    lines.push(escapeMarkdown(`Revision ${from} → ${to}.`), '');
    for (const [label, list] of [
      ['New', p.newFindings],
      ['Resolved', p.resolvedFindings],
    ] as const) {
      if (!list.length) continue;
      lines.push(`${label}:`, '');
      for (const f of list) lines.push(`- ${escapeMarkdown(`${f.rule} (${f.section}): ${shorten(f.message, 200)}`)}`);
      lines.push('');
    }
    if (p.changes.length) {
      lines.push('Changes:', '');
      for (const c of p.changes) {
        const what = String(c.detail['claim'] ?? c.detail['title'] ?? c.detail['url'] ?? c.detail['revertedTo'] ?? '');
        lines.push(`- ${markdownLink(c.kind, c.diffUrl)}: ${escapeMarkdown(shorten(what, 160))}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
