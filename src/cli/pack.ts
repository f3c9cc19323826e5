import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePack, type RulePack } from '../audit/index.ts';
import { UsageError } from './io.ts';

/** The bundled pack: two levels up from src/cli and from dist/cli alike. */
export const DEFAULT_PACK = fileURLToPath(new URL('../../rules/enwiki.json', import.meta.url));

export function loadPack(path: string | undefined, cwd: string): { pack: RulePack; path: string } {
  const file = path ? resolve(cwd, path) : DEFAULT_PACK;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--rules ${file}: ${(err as Error).message}`);
  }
  return { pack: parsePack(json, file), path: file };
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
