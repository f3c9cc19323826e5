import type { FigureAnalysis } from '../figures/index.ts';
import type { Extraction, Span } from '../wikitext/index.ts';

/** Stable rule ids: used in JSON, `--fail-on`, baselines and docs. Sorted. */
export const RULE_IDS = [
  'archive-broken',
  'archive-mismatch',
  'archive-suggested',
  'archived-link',
  'bare-url',
  'citation-needed',
  'dead-link',
  'figure-mismatch',
  'link-blocked',
  'link-dead',
  'link-live-marked-dead',
  'link-soft-404',
  'uncited-figure',
  'verification-needed',
] as const;
/** The rules that need the network (`--check-links`): findings from probing URLs, not from the wikitext alone. */
export const LINK_PROBE_RULES = [
  'link-dead',
  'link-soft-404',
  'archive-broken',
  'archive-suggested',
  'link-live-marked-dead',
  'link-blocked',
] as const satisfies readonly RuleId[];
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  rule: RuleId;
  severity: Severity;
  messageId: string;
  message: string;
  section: string;
  line: number;
  column: number;
  /** The wikitext the finding points at, capped. */
  snippet: string;
  /** Rule-specific facts; documented per rule in the README. */
  evidence: Record<string, unknown>;
  /** The revision that wrote the finding's first character (history blame), when the history was read. */
  introducedIn?: { revision?: string; timestamp?: string; user?: string; atOrBefore?: boolean };
  /** Days from `introducedIn` to the audited revision. */
  ageDays?: number;
  /** Stable across dumps and unrelated edits: see fingerprintFindings. Set by the pipeline. */
  fingerprint?: string;
  /** With `--baseline`: whether the baseline report had this finding (`open`) or not (`new`). */
  baseline?: 'new' | 'open';
}

/** What a rule sees of the page. */
export interface RuleContext {
  extraction: Extraction;
  pack: import('./pack.ts').RulePack;
  /** The revision's figures (src/figures), when they were read. */
  figures?: FigureAnalysis;
  /** The audited revision's timestamp, for tag ages. */
  revisionTimestamp: string | undefined;
  report(finding: {
    messageId: string;
    data?: Record<string, string | number>;
    span: Span;
    section: string;
    snippet: string;
    evidence: Record<string, unknown>;
    /** Overrides the pack's severity for this rule (e.g. per canonical tag). */
    severity?: Severity;
  }): void;
}

export interface Rule {
  id: RuleId;
  /** messageId → template with `{name}` placeholders. */
  messages: Record<string, string>;
  check(context: RuleContext): void;
}
