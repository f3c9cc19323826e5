import { fingerprintFindings, LINK_PROBE_RULES, SEVERITIES, type Finding, type RuleId } from '../audit/index.ts';
import { NDJSON_SCHEMA } from './ndjson.ts';
import { REPORT_SCHEMA, type BaselinePage, type BaselineSummary, type PageReport } from './types.ts';

/** A baseline that cannot be read: says which file and where in it. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/** What the run that compares with the baseline did. */
export interface BaselineRun {
  /** The run probes links (`--check-links`); which of its link findings it could judge is told by judgeLinksBy. */
  linksChecked: boolean;
  /** The rule pack's wiki, to warn when the baseline was made for another. */
  wiki: string;
}

const isLinkRule = (rule: string) => (LINK_PROBE_RULES as readonly string[]).includes(rule);

/** One occurrence of a title in the run, as the counts see it. */
interface Contribution {
  new: number;
  open: number;
  resolved: number;
  carried?: BaselinePage;
  gone?: BaselinePage;
}

/**
 * An earlier run's findings, by page, to tell which of this run's findings are new, which
 * are still open and which were resolved. Fingerprints are computed again from each
 * finding (rule and evidence), so a baseline written by an earlier version, or edited by
 * hand, compares the same way as this run's findings.
 *
 * What this run cannot judge (pages it did not audit, link findings when it probes no
 * links) is carried into its report as it was, so that report serves as the next
 * baseline: a chain of daily runs over adds-changes dumps loses nothing.
 */
export class Baseline {
  readonly #pages = new Map<string, BaselinePage>();
  readonly #gone = new Map<string, BaselinePage>();
  readonly #carried = new Map<string, BaselinePage>();
  /** Things the person running CI should know about this baseline (it was incomplete, for another wiki, ...). */
  readonly warnings: string[] = [];
  #generatedAt: string | undefined;
  #new = 0;
  #open = 0;
  #resolved = 0;
  #wiki: string | undefined;
  #linksChecked: boolean | undefined;
  /** Whether this run could judge a link finding of the baseline: by default none. */
  #judgesLink: (f: Finding, page: PageReport) => boolean = () => false;
  /** Pages compared already, for a title the dump holds twice. */
  readonly #compared = new Map<string, BaselinePage>();
  /** What each title's last occurrence added to the counts. */
  readonly #last = new Map<string, Contribution>();

  private constructor(
    readonly file: string,
    private readonly run: BaselineRun,
  ) {}

  /** Reads a JSON report (`citeaudit/report@1`) already parsed. */
  static fromReport(file: string, doc: unknown, run: BaselineRun): Baseline {
    const baseline = new Baseline(file, run);
    const where = (what: string) => new BaselineError(`--baseline ${file}: ${what}`);
    if (!isObject(doc) || doc['schema'] !== REPORT_SCHEMA)
      throw where(`not a citeaudit report (its "schema" is not "${REPORT_SCHEMA}")`);
    if (!Array.isArray(doc['pages'])) throw where('"pages" is not an array');
    baseline.#about(doc);
    const carried =
      isObject(doc['baseline']) && Array.isArray(doc['baseline']['carried']) ? doc['baseline']['carried'] : [];
    for (const [list, name] of [
      [doc['pages'], 'pages'],
      [carried, 'baseline.carried'],
    ] as const) {
      for (const [i, page] of list.entries()) {
        if (!isObject(page) || typeof page['title'] !== 'string' || !Array.isArray(page['findings']))
          throw where(`${name}[${i}] has no "title" or no "findings" array`);
        const ns = typeof page['ns'] === 'number' ? page['ns'] : 0;
        for (const [j, f] of page['findings'].entries()) {
          if (!isFinding(f)) throw where(`${name}[${i}].findings[${j}] is not a finding (${FINDING_FIELDS})`);
          baseline.#add(page['title'], ns, f);
        }
      }
    }
    return baseline.#ready();
  }

  /** Reads an NDJSON report (`citeaudit/ndjson@1`) line by line: a baseline too big for one JSON string. */
  static async fromNdjson(file: string, lines: AsyncIterable<string>, run: BaselineRun): Promise<Baseline> {
    const baseline = new Baseline(file, run);
    let n = 0;
    let header = false;
    let summary = false;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch (err) {
        throw new BaselineError(`--baseline ${file}, line ${n}: not JSON (${(err as Error).message})`);
      }
      if (!isObject(doc)) throw new BaselineError(`--baseline ${file}, line ${n}: not a JSON object`);
      if (!header) {
        if (doc['type'] !== 'header' || doc['schema'] !== NDJSON_SCHEMA)
          throw new BaselineError(`--baseline ${file}: not a citeaudit NDJSON report (no "${NDJSON_SCHEMA}" header)`);
        header = true;
        baseline.#about(doc);
        continue;
      }
      if (doc['type'] === 'summary') {
        summary = true;
        baseline.#summaryFacts(doc);
        continue;
      }
      if (doc['type'] !== 'finding' && doc['type'] !== 'carried') continue;
      const { type: _type, page, ns, pageId: _id, revision: _rev, ...finding } = doc;
      if (typeof page !== 'string' || !isFinding(finding))
        throw new BaselineError(`--baseline ${file}, line ${n}: a finding line without "page" or ${FINDING_FIELDS}`);
      baseline.#add(page, typeof ns === 'number' ? ns : 0, finding);
    }
    if (!header) throw new BaselineError(`--baseline ${file}: the file is empty`);
    // The summary line comes last: a file without it was cut short, and half a baseline
    // would call the findings of every page it lost new.
    if (!summary) throw new BaselineError(`--baseline ${file}: cut short (no "summary" line at the end)`);
    return baseline.#ready();
  }

  /** The report's own facts: when it was made, for which wiki, whether it probed links, whether it is complete. */
  #about(doc: Record<string, unknown>): void {
    if (typeof doc['generatedAt'] === 'string') this.#generatedAt = doc['generatedAt'];
    if (isObject(doc['rulePack']) && typeof doc['rulePack']['wiki'] === 'string') this.#wiki = doc['rulePack']['wiki'];
    if (isObject(doc['summary'])) this.#summaryFacts(doc['summary']);
  }

  /** From a report's summary (the JSON's `summary`, the NDJSON's last line). */
  #summaryFacts(summary: Record<string, unknown>): void {
    this.#linksChecked = summary['links'] !== undefined;
    if (summary['complete'] === false)
      this.warnings.push(
        `the baseline ${this.file} ended in an input error: the pages its run did not reach (and did not carry from a baseline of its own) count as new`,
      );
  }

  #add(title: string, ns: number, finding: Finding): void {
    // The baseline's own comparison with its baseline is not this run's.
    delete finding.baseline;
    const page = this.#pages.get(title);
    if (page) page.findings.push(finding);
    else this.#pages.set(title, { title, ns, findings: [finding] });
  }

  #ready(): this {
    for (const page of this.#pages.values()) fingerprintFindings(page.title, page.findings);
    if (this.#wiki && this.#wiki !== this.run.wiki)
      this.warnings.push(`the baseline was made with the ${this.#wiki} rule pack, this run uses ${this.run.wiki}`);
    if (this.#linksChecked && !this.run.linksChecked)
      this.warnings.push(
        'the baseline checked links and this run does not (no --check-links): its link findings are carried, not compared',
      );
    return this;
  }

  /**
   * After the link check: which of the baseline's link findings this run could judge on a
   * page (its URL got a verdict, not `transient` or skipped; an archive finding only when
   * archives were asked and answered; or the page no longer cites the URL at all). The
   * others are carried, not resolved by a network outage.
   */
  judgeLinksBy(judges: (f: Finding, page: PageReport) => boolean): void {
    this.#judgesLink = judges;
  }

  /**
   * Marks each of the page's findings `new` or `open` and sets `resolved` to the
   * baseline's findings of the page that are gone. Baseline findings this run cannot
   * judge, and does not find again, are carried: all of them when the page could not be
   * audited now (text hidden, a parse error), its link findings when their links got no
   * verdict. A title the dump holds twice is compared with the same baseline page each
   * time; the counts are the last occurrence's.
   */
  compare(page: PageReport): void {
    const before = this.#claim(page.title);
    if (page.status !== 'audited') {
      this.#count(page.title, { new: 0, open: 0, resolved: 0, ...(before ? { carried: before } : {}) });
      return;
    }
    const judged = (f: Finding) => !isLinkRule(f.rule) || (this.run.linksChecked && this.#judgesLink(f, page));
    const known = new Set(before?.findings.map((f) => f.fingerprint));
    const now = new Set(page.findings.map((f) => f.fingerprint));
    let fresh = 0;
    for (const f of page.findings) {
      f.baseline = known.has(f.fingerprint) ? 'open' : 'new';
      if (f.baseline === 'new') fresh++;
    }
    const gone = before?.findings.filter((f) => !now.has(f.fingerprint)) ?? [];
    page.resolved = gone.filter(judged);
    const unjudged = gone.filter((f) => !judged(f));
    this.#count(page.title, {
      new: fresh,
      open: page.findings.length - fresh,
      resolved: page.resolved.length,
      ...(unjudged.length ? { carried: { title: page.title, ns: page.ns, findings: unjudged } } : {}),
    });
  }

  /** A baseline page this run read and found to be a redirect now (moved or merged): all its findings are resolved. */
  redirected(title: string): void {
    const before = this.#claim(title);
    if (before) this.#count(title, { new: 0, open: 0, resolved: 0, gone: before });
  }

  /** The baseline page of a title, taken out of those still waiting; the same one for every occurrence. */
  #claim(title: string): BaselinePage | undefined {
    const before = this.#compared.get(title) ?? this.#pages.get(title);
    if (before) {
      this.#pages.delete(title);
      this.#compared.set(title, before);
    }
    return before;
  }

  /** Records what one occurrence of a title adds to the counts, replacing an earlier occurrence's. */
  #count(title: string, c: Contribution): void {
    const prev = this.#last.get(title);
    if (prev) {
      this.#new -= prev.new;
      this.#open -= prev.open;
      this.#resolved -= prev.resolved;
    }
    this.#carried.delete(title);
    this.#gone.delete(title);
    this.#new += c.new;
    this.#open += c.open;
    this.#resolved += c.resolved;
    if (c.carried) this.#carried.set(title, c.carried);
    if (c.gone) this.#gone.set(title, c.gone);
    this.#last.set(title, c);
  }

  /**
   * The counts, once every page of the run is compared. `missingIsGone`: the run read,
   * completely and with no selection, a dump that holds every page of the wiki
   * (`--complete-dump`), so a baseline page in the audited namespaces that it did not
   * find was deleted. Any other page it did not audit is carried.
   */
  summary(missingIsGone: boolean, namespaces: readonly number[] | 'all'): BaselineSummary {
    const gone = [...this.#gone.values()];
    const carried = [...this.#carried.values()];
    for (const page of this.#pages.values()) {
      if (missingIsGone && (namespaces === 'all' || namespaces.includes(page.ns))) gone.push(page);
      else carried.push(page);
    }
    const count = (pages: BaselinePage[]) => pages.reduce((n, p) => n + p.findings.length, 0);
    return {
      file: this.file,
      ...(this.#generatedAt ? { generatedAt: this.#generatedAt } : {}),
      new: this.#new,
      open: this.#open,
      resolved: this.#resolved + count(gone),
      pagesGone: gone,
      carried,
    };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const FINDING_FIELDS = 'rule, messageId, message, severity, section, evidence';

/** Enough of a finding to compare and show it: a hand-edited baseline missing these is refused, not half-read. */
function isFinding(v: unknown): v is Finding & { rule: RuleId } {
  return (
    isObject(v) &&
    typeof v['rule'] === 'string' &&
    typeof v['messageId'] === 'string' &&
    typeof v['message'] === 'string' &&
    typeof v['section'] === 'string' &&
    (SEVERITIES as readonly unknown[]).includes(v['severity']) &&
    isObject(v['evidence'])
  );
}
