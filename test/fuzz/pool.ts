/**
 * A small pool of fuzz worker threads. Each job races its worker's answer against a
 * timeout (Promise.race); a job that trips it is reported as a hang and its worker is
 * terminated and replaced, which works even when the worker is stuck in synchronous code.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type Job = { id: number } & (
  { kind: 'xml'; seed: number } | { kind: 'wikitext'; seed: number } | { kind: 'snippet'; name: string; text: string }
);

export interface JobResult {
  id: number;
  ms: number;
  ops: string[];
  /** ok: no exception; input-error: an InputError (allowed for XML); crash: anything else; hang: timed out. */
  outcome: 'ok' | 'input-error' | 'crash' | 'hang';
  detail?: string;
  /** For input errors: whether the error has a numeric offset that its message names as `byte N`. */
  located?: boolean;
  pages?: number;
  statuses?: string[];
  findings?: number;
}

export interface WorkerInit {
  seedXml: Uint8Array;
  seedText: string;
  cwd: string;
}

/** tsx's ESM API, by path: the worker is plain JS until it has loaded tsx. */
function tsxApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
}

const WORKER = new URL('./fuzz-worker.ts', import.meta.url).href;

function startWorker(init: WorkerInit): Promise<Worker> {
  const code = `import(${JSON.stringify(tsxApi())}).then(({ tsImport }) => tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(WORKER)}));`;
  const worker = new Worker(code, { eval: true, workerData: init });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', (m) => {
      worker.off('error', onError);
      if (m === 'ready') resolve(worker);
      else reject(new Error(`fuzz worker said ${JSON.stringify(m)} before ready`));
    });
  });
}

/** Sends one job and waits for its answer, or for the worker to die. */
function ask(worker: Worker, job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: JobResult) => {
      if (m.id !== job.id) return;
      cleanup();
      resolve(m);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`fuzz worker exited with code ${code}`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(job);
  });
}

const TIMED_OUT = Symbol('timed out');

/**
 * Runs every job on `threads` workers (default: one per core, at most 4), each job
 * bounded by `timeoutMs`. Results come back in job order.
 */
export async function runJobs(
  jobs: Job[],
  init: WorkerInit,
  options: { timeoutMs: number; threads?: number },
): Promise<JobResult[]> {
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(availableParallelism(), 4), jobs.length));
  const results = new Array<JobResult>(jobs.length);
  let next = 0;
  const lane = async () => {
    let worker = await startWorker(init);
    try {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index]!;
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), options.timeoutMs);
        });
        let result: JobResult | typeof TIMED_OUT;
        try {
          result = await Promise.race([ask(worker, job), timeout]);
        } catch (err) {
          // The worker died (an uncaught error or an out-of-memory in it): a crash of this job.
          result = { id: job.id, ms: performance.now() - started, ops: [], outcome: 'crash', detail: String(err) };
          await worker.terminate();
          worker = await startWorker(init);
        } finally {
          clearTimeout(timer);
        }
        if (result === TIMED_OUT) {
          result = {
            id: job.id,
            ms: performance.now() - started,
            ops: [],
            outcome: 'hang',
            detail: `no answer within ${options.timeoutMs} ms`,
          };
          await worker.terminate();
          worker = await startWorker(init);
        }
        results[index] = result;
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: threads }, lane));
  return results;
}
