import type { Extraction } from '../wikitext/index.ts';
import { findingOf } from './finding.ts';
import type { FigureAnalysis } from '../figures/index.ts';
import type { RulePack } from './pack.ts';
import { rules as allRules } from './rules/index.ts';
import type { Finding, Rule, RuleContext } from './types.ts';

export { parsePack, catalogOf, PackError, type RulePack, type RuleSettings } from './pack.ts';
export { rules } from './rules/index.ts';
export {
  LINK_PROBE_RULES,
  RULE_IDS,
  SEVERITIES,
  type Finding,
  type Rule,
  type RuleId,
  type Severity,
} from './types.ts';

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
        findings.push(findingOf(rule, pack, r));
      },
    };
    rule.check(context);
  }
  findings.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
  return findings.map(({ offset: _offset, ...finding }) => finding);
}
export { linkTargets, linkQueries, linkFindings, type LinkTarget } from './links.ts';
