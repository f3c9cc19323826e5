/**
 * Helpers for the CLI tests: an in-memory CliIO, temp directories, the seed fixture,
 * and a way to run the real bin as a child process with a timeout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import type { Report } from '../../src/report/index.ts';

/** The checkout: two levels up from test/support. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SEED = path.join(PROJECT_ROOT, 'fixtures', 'seed', 'azerbaijani-armed-forces.xml');
export const SEED_TITLE = 'Azerbaijani Armed Forces';

export interface FakeIO extends CliIO {
  out(): string;
  err(): string;
}

/** A CliIO that collects stdout and stderr as strings; stderr is not a terminal (no progress bar). */
export function fakeIO(cwd: string, env: Record<string, string | undefined> = { PATH: process.env['PATH'] }): FakeIO {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true), isTTY: false },
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main(argv)` in-process with a fresh fake io rooted at `cwd` (and, given, this environment). */
export async function runMain(
  argv: string[],
  cwd: string,
  env?: Record<string, string | undefined>,
): Promise<RunResult> {
  const io = fakeIO(cwd, env);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** A fresh temp directory; remove it with `removeTempDirs()`. */
const made: string[] = [];
export function tempDir(prefix = 'citeaudit-cli-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function parseReport(json: string): Report {
  const report = JSON.parse(json) as Report;
  if (report.schema !== 'citeaudit/report@1') throw new Error(`unexpected schema ${String(report.schema)}`);
  return report;
}

/** Counts of findings by rule id, leaving out rules with none. */
export function countByRule(findings: readonly { rule: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return counts;
}

/**
 * Runs the real bin (`node --import tsx src/cli/bin.ts ...`) from the checkout, so
 * that tsx resolves; a hang becomes a failed test (status null) rather than a stuck run.
 */
export function runBin(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): RunResult & { signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`spawning the bin failed: ${r.error.message}\nstderr: ${r.stderr}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}
