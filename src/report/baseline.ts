import { fingerprintFindings, type Finding } from '../audit/index.ts';
import { NDJSON_SCHEMA } from './ndjson.ts';
import { REPORT_SCHEMA, type BaselineSummary, type PageReport } from './types.ts';

/** A baseline that cannot be read: says which file and where in it. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

interface BaselinePage {
  title: string;
  ns: number;
  findings: Finding[];
}

/**
 * An earlier run's findings, by page, to tell which of this run's findings are new, which
 * are still open and which were resolved. Fingerprints are computed again from each
 * finding (rule, message and evidence), so a baseline written by an earlier version, or
 * edited by hand, compares the same way as this run's findings.
 */
export class Baseline {
  readonly #pages = new Map<string, BaselinePage>();
  #generatedAt: string | undefined;
  #new = 0;
  #open = 0;
  #resolved = 0;
  #unaudited = 0;
  readonly #gone: BaselinePage[] = [];

  constructor(readonly file: string) {}

  /** Reads a JSON report (`citeaudit/report@1`) already parsed. */
  static fromReport(file: string, doc: unknown): Baseline {
    const baseline = new Baseline(file);
    const where = (what: string) => new BaselineError(`--baseline ${file}: ${what}`);
    if (!isObject(doc) || doc['schema'] !== REPORT_SCHEMA)
      throw where(`not a citeaudit report (its "schema" is not "${REPORT_SCHEMA}")`);
    if (!Array.isArray(doc['pages'])) throw where('"pages" is not an array');
    if (typeof doc['generatedAt'] === 'string') baseline.#generatedAt = doc['generatedAt'];
    for (const [i, page] of doc['pages'].entries()) {
      if (!isObject(page) || typeof page['title'] !== 'string' || !Array.isArray(page['findings']))
        throw where(`pages[${i}] has no "title" or no "findings" array`);
      const ns = typeof page['ns'] === 'number' ? page['ns'] : 0;
      for (const [j, f] of page['findings'].entries()) {
        if (!isFinding(f)) throw where(`pages[${i}].findings[${j}] is not a finding (rule, messageId, evidence)`);
        baseline.#add(page['title'], ns, f);
      }
    }
    return baseline.#fingerprinted();
  }

  /** Reads an NDJSON report (`citeaudit/ndjson@1`) line by line: a baseline too big for one JSON string. */
  static async fromNdjson(file: string, lines: AsyncIterable<string>): Promise<Baseline> {
    const baseline = new Baseline(file);
    let n = 0;
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
      if (n === 1 && (doc['type'] !== 'header' || doc['schema'] !== NDJSON_SCHEMA))
        throw new BaselineError(`--baseline ${file}: not a citeaudit NDJSON report (no "${NDJSON_SCHEMA}" header)`);
      if (doc['type'] === 'header' && typeof doc['generatedAt'] === 'string')
        baseline.#generatedAt = doc['generatedAt'];
      if (doc['type'] !== 'finding') continue;
      const { type: _type, page, ns, pageId: _id, revision: _rev, ...finding } = doc;
      if (typeof page !== 'string' || !isFinding(finding))
        throw new BaselineError(`--baseline ${file}, line ${n}: a finding line without "page", "rule" or "evidence"`);
      baseline.#add(page, typeof ns === 'number' ? ns : 0, finding);
    }
    if (!n) throw new BaselineError(`--baseline ${file}: the file is empty`);
    return baseline.#fingerprinted();
  }

  #add(title: string, ns: number, finding: Finding): void {
    const page = this.#pages.get(title);
    if (page) page.findings.push(finding);
    else this.#pages.set(title, { title, ns, findings: [finding] });
  }

  #fingerprinted(): this {
    for (const page of this.#pages.values()) fingerprintFindings(page.title, page.findings);
    return this;
  }

  /**
   * Marks each of the page's findings `new` or `open` and sets `resolved` to the
   * baseline's findings of the page that are gone. Each page is compared once.
   */
  compare(page: PageReport): void {
    const before = this.#pages.get(page.title);
    this.#pages.delete(page.title);
    // A page that could not be audited now (text hidden, a parse error) resolves nothing.
    if (page.status !== 'audited') {
      if (before) this.#unaudited++;
      return;
    }
    const known = new Set(before?.findings.map((f) => f.fingerprint));
    for (const f of page.findings) {
      f.baseline = known.has(f.fingerprint) ? 'open' : 'new';
      if (f.baseline === 'open') this.#open++;
      else this.#new++;
    }
    const now = new Set(page.findings.map((f) => f.fingerprint));
    page.resolved = before?.findings.filter((f) => !now.has(f.fingerprint)) ?? [];
    this.#resolved += page.resolved.length;
  }

  /** A baseline page this run read and found to be a redirect now (moved or merged): all its findings are resolved. */
  redirected(title: string): void {
    const page = this.#pages.get(title);
    if (!page) return;
    this.#pages.delete(title);
    this.#gone.push(page);
  }

  /**
   * The counts, once every page of the run is compared. `allRead`: the run read the whole
   * dump with no title or `--since` selection, so a baseline page in the audited
   * namespaces that it did not audit is gone (deleted, moved or now a redirect).
   */
  summary(allRead: boolean, namespaces: readonly number[] | 'all'): BaselineSummary {
    const gone = [...this.#gone];
    let notAudited = this.#unaudited;
    for (const page of this.#pages.values()) {
      if (allRead && (namespaces === 'all' || namespaces.includes(page.ns))) gone.push(page);
      else notAudited++;
    }
    return {
      file: this.file,
      ...(this.#generatedAt ? { generatedAt: this.#generatedAt } : {}),
      new: this.#new,
      open: this.#open,
      resolved: this.#resolved + gone.reduce((n, p) => n + p.findings.length, 0),
      pagesGone: gone,
      pagesNotAudited: notAudited,
    };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isFinding(v: unknown): v is Finding {
  return isObject(v) && typeof v['rule'] === 'string' && typeof v['messageId'] === 'string' && isObject(v['evidence']);
}
