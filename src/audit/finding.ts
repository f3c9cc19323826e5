import { truncate } from '../wikitext/index.ts';
import type { RulePack } from './pack.ts';
import type { Finding, Rule, RuleContext } from './types.ts';

const MAX_SNIPPET = 300;

/** `{name}` placeholders filled from data; unknown names stay as written. */
function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/** A reported finding in its final shape: the pack's severity unless overridden, the message filled in. */
export function findingOf(
  rule: Pick<Rule, 'id' | 'messages'>,
  pack: RulePack,
  r: Parameters<RuleContext['report']>[0],
): PlacedFinding {
  const template = rule.messages[r.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported an unknown messageId "${r.messageId}"`);
  return {
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
  };
}

/** A finding with its offset in the wikitext: the place blame asks about. */
export type PlacedFinding = Finding & { offset: number };

/** Findings as reported: without their offsets. */
export const unplaced = (findings: readonly PlacedFinding[]): Finding[] =>
  findings.map(({ offset: _offset, ...finding }) => finding);
