import { truncate, type Extraction } from '../wikitext/index.ts';
import type { FigureAnalysis } from '../figures/index.ts';
import type { RulePack } from './pack.ts';
import { rules as allRules } from './rules/index.ts';
import type { Finding, Rule, RuleContext } from './types.ts';

export { parsePack, catalogOf, PackError, type RulePack, type RuleSettings } from './pack.ts';
export { rules } from './rules/index.ts';
export { RULE_IDS, SEVERITIES, type Finding, type Rule, type RuleId, type Severity } from './types.ts';

const MAX_SNIPPET = 300;

/** `{name}` placeholders filled from data; unknown names stay as written. */
function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

export interface AuditInput {
  extraction: Extraction;
  figures?: FigureAnalysis;
  revisionTimestamp: string | undefined;
}

/** Runs every rule over one revision's extraction; findings come back in page order. */
export function audit(input: AuditInput, pack: RulePack, rules: readonly Rule[] = allRules): Finding[] {
  const findings: (Finding & { offset: number })[] = [];
  for (const rule of rules) {
    const context: RuleContext = {
      extraction: input.extraction,
      ...(input.figures ? { figures: input.figures } : {}),
      pack,
      revisionTimestamp: input.revisionTimestamp,
      report(r) {
        const template = rule.messages[r.messageId];
        if (template === undefined) throw new Error(`rule ${rule.id} reported an unknown messageId "${r.messageId}"`);
        findings.push({
          rule: rule.id,
          severity: r.severity ?? pack.rules[rule.id].severity,
          messageId: r.messageId,
          message: formatMessage(template, r.data),
          section: r.section,
          line: r.span.line,
          column: r.span.column,
          snippet: truncate(r.snippet, MAX_SNIPPET),
          evidence: r.evidence,
          offset: r.span.start,
        });
      },
    };
    rule.check(context);
  }
  findings.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
  return findings.map(({ offset: _offset, ...finding }) => finding);
}
