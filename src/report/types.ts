import type { Finding, RuleId, Severity } from '../audit/index.ts';
import type { ChangeEvent } from '../history/index.ts';
import type { LinkClass } from '../links/index.ts';

export const REPORT_SCHEMA = 'citeaudit/report@1';

/** Why a page's latest revision has no findings list of its own. */
export type PageStatus = 'audited' | 'text-deleted' | 'text-missing' | 'not-wikitext' | 'parse-error';

export interface PageReport {
  title: string;
  pageId: string | undefined;
  ns: number;
  revision: {
    id: string | undefined;
    timestamp: string | undefined;
    /** User name, IP address, or undefined when hidden. */
    user: string | undefined;
    comment?: string;
  };
  /** Link to the audited revision on the wiki. */
  url: string | undefined;
  /** Revisions of this page read from the dump. */
  revisionsRead: number;
  status: PageStatus;
  error?: string;
  findings: Finding[];
  /** What each revision did to the citations and tags, oldest first; reverted churn folded away. */
  changes: ChangeEvent[];
  /** Revisions that came older than one read before them, beyond what the reorder window fixed. */
  outOfOrder?: number;
  /** With `--baseline`: the baseline's findings of this page that are gone now. */
  resolved?: Finding[];
}

export interface ReportError {
  message: string;
  file?: string;
  offset?: number;
  page?: string;
  revision?: string;
}

export interface Summary {
  pagesRead: number;
  revisionsRead: number;
  pagesAudited: number;
  /** Pages read but not audited, by reason. */
  pagesSkipped: { redirect: number; namespace: number; notSelected: number; unchanged: number };
  findings: number;
  byRule: Record<RuleId, number>;
  bySeverity: Record<Severity, number>;
  /** False when the input ended in an error: the report covers the pages completed before it. */
  complete: boolean;
  /** Bytes of XML read. */
  bytesRead: number;
  /** The link check (`--check-links`): distinct URLs, how many were asked and cached, each class's count. */
  links?: LinkCheckSummary;
}

export interface LinkCheckSummary {
  urls: number;
  checked: number;
  fromCache: number;
  byClass: Partial<Record<LinkClass, number>>;
  archivesChecked: number;
  archiveStoppedBy?: string;
  incomplete?: string;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generator: { name: 'citeaudit'; version: string };
  generatedAt?: string;
  input: { file: string; compression: string; decoder: string; encoding: string };
  site: { sitename?: string; dbname?: string; base?: string; schemaVersion?: string };
  rulePack: { wiki: string; baseUrl: string };
  pages: PageReport[];
  summary: Summary;
  baseline?: BaselineSummary;
  errors: ReportError[];
}

/** What is known before the first page: the report's members that come before `pages`. */
export type ReportHead = Omit<Report, 'pages' | 'summary' | 'baseline' | 'errors'>;
/** What is known at the end: the members after `pages`. */
export type ReportTail = Pick<Report, 'summary' | 'baseline' | 'errors'>;

/** A page's findings in a baseline. */
export interface BaselinePage {
  title: string;
  ns: number;
  findings: Finding[];
}

/** `--baseline`: how this run's findings compare with an earlier report's. */
export interface BaselineSummary {
  file: string;
  /** When the baseline report was made, when it says. */
  generatedAt?: string;
  /** Findings the baseline did not have. */
  new: number;
  /** Findings the baseline had too. */
  open: number;
  /** Baseline findings gone now: of pages audited in this run, and of pages gone. */
  resolved: number;
  /**
   * Baseline pages gone, all their findings resolved: those this run read as redirects now
   * (moved or merged), and, with `--complete-dump`, those not in the dump at all (deleted).
   */
  pagesGone: BaselinePage[];
  /**
   * Baseline findings this run could not judge, copied as they were so that this report
   * is a whole baseline for the next run: every finding of a page it did not audit (not in
   * the dump, not selected, unchanged since `--since`, unreadable now), and link findings
   * when it probed no links.
   */
  carried: BaselinePage[];
}
