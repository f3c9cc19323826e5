import type { Extraction } from '../wikitext/index.ts';
import { findingOf, unplaced, type PlacedFinding } from './finding.ts';

export { unplaced, type PlacedFinding } from './finding.ts';
export { fingerprintFindings, findingKey } from './fingerprint.ts';
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

/** Runs every rule over one revision's extraction; findings come back in page order, each with its offset. */
export function auditPlaced(input: AuditInput, pack: RulePack, rules: readonly Rule[] = allRules): PlacedFinding[] {
  const findings: PlacedFinding[] = [];
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
  return findings.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
}

/** Runs every rule over one revision's extraction; findings come back in page order. */
export function audit(input: AuditInput, pack: RulePack, rules: readonly Rule[] = allRules): Finding[] {
  return unplaced(auditPlaced(input, pack, rules));
}
export { linkTargets, linkQueries, linkFindings, judgedByLinkCheck, type LinkTarget } from './links.ts';
