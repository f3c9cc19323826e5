/**
 * A worker thread for the fuzz tests: it runs one job at a time, in this process,
 * through the library (openSource → auditDump, or extract → audit) and reports how
 * it ended. Running in a worker lets the test thread time a job out even when the
 * code under test is stuck in synchronous code, and use every core.
 * Loaded through tsx (see pool.ts); no vitest import here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { audit, catalogOf, RULE_IDS, SEVERITIES } from '../../src/audit/index.ts';
import { loadPack } from '../../src/cli/pack.ts';
import { auditDump, emptySummary } from '../../src/pipeline/index.ts';
import {
  indexRowOf,
  ndjsonHead,
  ndjsonPage,
  ndjsonTail,
  renderIndexMarkdown,
  renderJson,
  worklistHead,
  worklistRows,
  worklistTail,
  renderPageMarkdown,
  reportFileNames,
  REPORT_SCHEMA,
  type PageReport,
  type Report,
} from '../../src/report/index.ts';
import { InputError, openSource } from '../../src/source/index.ts';
import { extract } from '../../src/wikitext/index.ts';
import { chunkCuts, mutateBytes, mutateText } from './mutate.ts';
import type { Job, JobResult, WorkerInit } from './pool.ts';

const init = workerData as WorkerInit;
const seedXml = Buffer.from(init.seedXml);
const { pack } = loadPack(undefined, init.cwd);
const catalog = catalogOf(pack);
const STATUSES = new Set(['audited', 'text-deleted', 'text-missing', 'not-wikitext', 'parse-error']);

const describeError = (err: unknown) =>
  err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : `non-Error thrown: ${String(err)}`;

/** Checks what the rules produced; a broken invariant is a crash like any other. */
function checkFindings(findings: PageReport['findings'], where: string): void {
  for (const f of findings) {
    if (!(RULE_IDS as readonly string[]).includes(f.rule)) throw new Error(`${where}: unknown rule ${f.rule}`);
    if (!(SEVERITIES as readonly string[]).includes(f.severity))
      throw new Error(`${where}: bad severity ${f.severity}`);
    if (!Number.isInteger(f.line) || f.line < 1 || !Number.isInteger(f.column) || f.column < 1) {
      throw new Error(`${where}: bad position ${f.line}:${f.column} for ${f.rule}`);
    }
    if (typeof f.message !== 'string' || typeof f.section !== 'string')
      throw new Error(`${where}: bad finding ${JSON.stringify(f)}`);
  }
}

async function runXml(seed: number): Promise<Omit<JobResult, 'id' | 'ms'>> {
  const m = mutateBytes(seedXml, seed);
  const cuts = chunkCuts(m.value.length, seed);
  const ops = cuts.length ? [...m.ops, `chunks at ${cuts.join(',')}`] : m.ops;
  const bytes = m.value;
  const stream = (async function* () {
    let from = 0;
    for (const cut of cuts) {
      yield bytes.subarray(from, cut);
      from = cut;
    }
    yield bytes.subarray(from);
  })();
  const summary = emptySummary();
  const pages: PageReport[] = [];
  let inputError: InputError | undefined;
  try {
    const source = await openSource('-', { stream });
    for await (const page of auditDump(source, { pack, namespaces: 'all' }, summary)) pages.push(page);
  } catch (err) {
    if (!(err instanceof InputError)) return { ops, outcome: 'crash', detail: describeError(err) };
    inputError = err;
  }
  try {
    for (const p of pages) {
      if (!STATUSES.has(p.status)) throw new Error(`page status ${p.status}`);
      checkFindings(p.findings, p.title);
    }
    const counted = pages.reduce((n, p) => n + p.findings.length, 0);
    if (counted !== summary.findings) throw new Error(`summary.findings ${summary.findings} but pages hold ${counted}`);
    if (summary.complete === Boolean(inputError))
      throw new Error(`summary.complete ${summary.complete} with error ${Boolean(inputError)}`);
    // The reports must render whatever was read.
    const report: Report = {
      schema: REPORT_SCHEMA,
      generator: { name: 'citeaudit', version: 'fuzz' },
      input: { file: '<fuzz>', compression: 'none', decoder: 'none', encoding: 'utf-8' },
      site: {},
      rulePack: { wiki: pack.wiki, baseUrl: pack.baseUrl },
      pages,
      summary,
      errors: inputError ? [{ message: inputError.message, ...inputError.where }] : [],
    };
    JSON.parse(renderJson(report));
    for (const p of pages) renderPageMarkdown(p, report);
    const names = reportFileNames(pages.map((p) => p.title));
    renderIndexMarkdown(
      report,
      report,
      pages.map((p, i) => indexRowOf(p, names[i])),
    );
    for (const line of [ndjsonHead(report), ...pages.map(ndjsonPage), ndjsonTail(report)].join('').split('\n'))
      if (line) JSON.parse(line);
    const worklist = { fixes: {}, baseline: false };
    [worklistHead(report, worklist), ...pages.map((p) => worklistRows(p, worklist)), worklistTail()].join('');
  } catch (err) {
    return { ops, outcome: 'crash', detail: `after the audit: ${describeError(err)}` };
  }
  const statuses = pages.map((p) => p.status);
  if (inputError) {
    const offset = inputError.where.offset;
    const located = typeof offset === 'number' && inputError.message.includes(`byte ${offset}`);
    return { ops, outcome: 'input-error', detail: inputError.message, located, pages: pages.length, statuses };
  }
  return { ops, outcome: 'ok', pages: pages.length, statuses, findings: summary.findings };
}

function runText(text: string, ops: string[]): Omit<JobResult, 'id' | 'ms'> {
  try {
    const extraction = extract(text, catalog, { title: 'Fuzz' });
    const findings = audit({ extraction, revisionTimestamp: '2020-01-01T00:00:00Z' }, pack);
    checkFindings(findings, 'wikitext');
    JSON.stringify(findings);
    return {
      ops,
      outcome: 'ok',
      findings: findings.length,
      statuses: [extraction.error ? 'parse-error' : 'audited'],
      ...(extraction.error ? { detail: extraction.error } : {}),
    };
  } catch (err) {
    return { ops, outcome: 'crash', detail: describeError(err) };
  }
}

async function run(job: Job): Promise<Omit<JobResult, 'id' | 'ms'>> {
  switch (job.kind) {
    case 'xml':
      return runXml(job.seed);
    case 'wikitext': {
      const m = mutateText(init.seedText, job.seed);
      return runText(m.value, m.ops);
    }
    case 'snippet':
      return runText(job.text, [`snippet "${job.name}" (${job.text.length} chars)`]);
  }
}

parentPort!.on('message', (job: Job) => {
  const started = performance.now();
  void run(job)
    .catch((err: unknown) => ({ ops: [], outcome: 'crash' as const, detail: `worker: ${describeError(err)}` }))
    .then((result) =>
      parentPort!.postMessage({ id: job.id, ms: performance.now() - started, ...result } satisfies JobResult),
    );
});
parentPort!.postMessage('ready');
