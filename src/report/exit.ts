import { RULE_IDS, SEVERITIES, type Finding, type RuleId, type Severity } from '../audit/index.ts';

/** A `--fail-on` value: a severity (that level or worse) or a rule id. */
export type FailOn = { severity: Severity } | { rule: RuleId };

export function parseFailOn(value: string): FailOn | undefined {
  if ((SEVERITIES as readonly string[]).includes(value)) return { severity: value as Severity };
  if ((RULE_IDS as readonly string[]).includes(value)) return { rule: value as RuleId };
  return undefined;
}

const matches = (f: Finding, policy: FailOn): boolean =>
  'rule' in policy ? f.rule === policy.rule : SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(policy.severity);

/** Whether a finding meets any of the `--fail-on` policies. */
export const matchesPolicy = (f: Finding, failOn: readonly FailOn[]): boolean => failOn.some((p) => matches(f, p));

/** 1 when any of the findings meets a `--fail-on` policy, else 0. Input errors (2) are the CLI's to decide. */
export function failsPolicy(findings: Iterable<Finding>, failOn: readonly FailOn[]): 0 | 1 {
  for (const f of findings) if (matchesPolicy(f, failOn)) return 1;
  return 0;
}
