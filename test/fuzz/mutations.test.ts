/**
 * Fuzzing the library with seeded mutations of the seed article.
 *
 * 1. 1,000 mutations of the page's XML bytes (cut, duplicate, swap spans; 1–3 per
 *    mutation; sometimes fed in several chunks) go through openSource('-', {stream})
 *    and auditDump with the bundled pack. The only exception allowed is InputError.
 * 2. 300 mutations of the decoded wikitext, plus pathological snippets, go through
 *    extract() and audit(): no exception at all.
 *
 * The jobs run in worker threads of this process (see pool.ts): each is raced against
 * a 20 s timeout that can stop even a synchronous hang, and both cores are used.
 *
 * Reproduce a failure: CITEAUDIT_FUZZ_SEEDS=1234,5678 npx vitest run test/fuzz
 * runs only those seeds (the failure message names the seed and its operations);
 * mutateBytes(seedXml, seed) / mutateText(seedText, seed) in mutate.ts rebuild the input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED } from '../support/cli-io.ts';
import { decodeEntities } from '../support/helpers.ts';
import { adversarialWikitext, chunkCuts, mutateBytes, mutateText } from './mutate.ts';
import { runJobs, type Job, type JobResult, type WorkerInit } from './pool.ts';

const XML_MUTATIONS = 1_000;
const TEXT_MUTATIONS = 300;
/** Seeds are BASE + i; a fixed base keeps runs comparable, CITEAUDIT_FUZZ_BASE explores further. */
const BASE = Number(process.env['CITEAUDIT_FUZZ_BASE'] ?? 0x0c17e);
const ONLY = process.env['CITEAUDIT_FUZZ_SEEDS']?.split(',').map(Number);
const JOB_TIMEOUT_MS = 20_000;

const seedXml = readFileSync(SEED);
const seedText = decodeEntities(/<text[^>]*>([\s\S]*)<\/text>/.exec(seedXml.toString('utf8'))![1]!);
const init: WorkerInit = { seedXml: new Uint8Array(seedXml), seedText, cwd: process.cwd() };

const seeds = (n: number) => ONLY ?? Array.from({ length: n }, (_, i) => BASE + i);

function describeFailure(job: Job, r: JobResult): string {
  if (job.kind === 'snippet') return `${r.outcome} on snippet "${job.name}" after ${r.ms.toFixed(0)} ms: ${r.detail}`;
  // A hang leaves no answer: rebuild the operations from the seed.
  let ops = r.ops;
  if (!ops.length) {
    if (job.kind === 'xml') {
      const m = mutateBytes(seedXml, job.seed);
      const cuts = chunkCuts(m.value.length, job.seed);
      ops = cuts.length ? [...m.ops, `chunks at ${cuts.join(',')}`] : m.ops;
    } else {
      ops = mutateText(seedText, job.seed).ops;
    }
  }
  return `${r.outcome} on ${job.kind} seed ${job.seed} [${ops.join('; ')}] after ${r.ms.toFixed(0)} ms: ${r.detail}`;
}

function tally(results: JobResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const key = r.outcome === 'ok' && r.statuses?.length ? `ok:${[...new Set(r.statuses)].join('+')}` : r.outcome;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function timing(results: JobResult[]): string {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(0);
  return `median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
}

describe('fuzz: mutations of the seed XML through openSource and auditDump', () => {
  it(
    `${XML_MUTATIONS} mutations: no exception but InputError, no hang, every InputError names its byte`,
    async () => {
      const jobs: Job[] = seeds(XML_MUTATIONS).map((seed, id) => ({ id, kind: 'xml', seed }));
      const started = performance.now();
      const results = await runJobs(jobs, init, { timeoutMs: JOB_TIMEOUT_MS });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const counts = tally(results);
      console.log(`xml fuzz: ${jobs.length} mutations in ${seconds} s (${timing(results)}):`, counts);

      const failures = results.flatMap((r, i) =>
        r.outcome === 'crash' || r.outcome === 'hang' ? [describeFailure(jobs[i]!, r)] : [],
      );
      expect(failures, failures.join('\n\n')).toEqual([]);

      const unlocated = results.flatMap((r, i) =>
        r.outcome === 'input-error' && !r.located ? [describeFailure(jobs[i]!, r)] : [],
      );
      expect(unlocated, unlocated.join('\n')).toEqual([]);

      if (!ONLY) {
        // The mutations exercise both roads: broken XML, and valid XML with damaged wikitext.
        const audited = results.filter((r) => r.outcome === 'ok' && r.statuses?.includes('audited')).length;
        expect(audited).toBeGreaterThan(XML_MUTATIONS / 10);
        expect(counts['input-error'] ?? 0).toBeGreaterThan(XML_MUTATIONS / 10);
      }
    },
    20 * 60_000,
  );
});

describe('fuzz: mutated wikitext through extract and audit', () => {
  it(
    `${TEXT_MUTATIONS} mutations of the decoded wikitext: no exception, no hang`,
    async () => {
      expect(seedText).toContain('{{citation needed|date=December 2013}}');
      expect(seedText).not.toContain('&lt;');
      const jobs: Job[] = seeds(TEXT_MUTATIONS).map((seed, id) => ({ id, kind: 'wikitext', seed }));
      const started = performance.now();
      const results = await runJobs(jobs, init, { timeoutMs: JOB_TIMEOUT_MS });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`wikitext fuzz: ${jobs.length} mutations in ${seconds} s (${timing(results)}):`, tally(results));
      const failures = results.flatMap((r, i) => (r.outcome === 'ok' ? [] : [describeFailure(jobs[i]!, r)]));
      expect(failures, failures.join('\n\n')).toEqual([]);
      // Most mutations leave most of the article: findings are still found.
      if (!ONLY) expect(results.filter((r) => (r.findings ?? 0) > 0).length).toBeGreaterThan(TEXT_MUTATIONS / 2);
    },
    10 * 60_000,
  );

  it(
    'pathological snippets (deep nesting, unclosed refs, links and comments, a 200 KB line): no exception, no hang',
    async () => {
      const snippets = Object.entries(adversarialWikitext());
      const jobs: Job[] = snippets.map(([name, text], id) => ({ id, kind: 'snippet', name, text }));
      const results = await runJobs(jobs, init, { timeoutMs: JOB_TIMEOUT_MS });
      console.log(
        'snippets:',
        Object.fromEntries(
          results.map((r, i) => [
            snippets[i]![0],
            `${r.outcome}${r.detail ? ` (${r.detail})` : ''}, ${r.ms.toFixed(0)} ms`,
          ]),
        ),
      );
      const failures = results.flatMap((r, i) => (r.outcome === 'ok' ? [] : [describeFailure(jobs[i]!, r)]));
      expect(failures, failures.join('\n\n')).toEqual([]);
      // A dated tag next to the pathology is still found when the parse succeeds.
      const withTag = results[snippets.findIndex(([name]) => name === 'a 200 KB line of words and tags')]!;
      expect(withTag.findings).toBeGreaterThan(0);
    },
    5 * 60_000,
  );
});
