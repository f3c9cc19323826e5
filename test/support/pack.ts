import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogOf, parsePack, type RulePack } from '../../src/audit/index.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The bundled enwiki pack, parsed the way the CLI does. */
export function enwikiPack(): RulePack {
  return parsePack(JSON.parse(readFileSync(resolve(ROOT, 'rules/enwiki.json'), 'utf8')), 'rules/enwiki.json');
}

export const enwikiCatalog = () => catalogOf(enwikiPack());
