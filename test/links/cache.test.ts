import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LinkCache, type LinkResult } from '../../src/links/cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'citeaudit-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = Date.parse('2026-12-01T00:00:00Z');
const result = (url: string, cls: LinkResult['class'] = 'live'): LinkResult => ({
  url,
  class: cls,
  reason: 'test',
  hops: [],
  checkedAt: new Date(NOW).toISOString(),
  observations: [],
});
/** The URLs stored in the file, read through a connection of its own. */
const stored = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT url FROM link ORDER BY url').all() as { url: string }[]).map((r) => r.url);
  } finally {
    db.close();
  }
};

describe('the link cache writes results in batches', () => {
  it('keeps every result on close, and writes a waiting batch within a quarter second', async () => {
    const file = join(dir, 'batch.sqlite');
    const cache = new LinkCache(file);
    const urls = Array.from({ length: 600 }, (_, i) => `https://example.org/${String(i).padStart(3, '0')}`);
    for (const url of urls.slice(0, 10)) cache.record(result(url), false, NOW);
    await new Promise((r) => setTimeout(r, 400));
    expect(stored(file)).toEqual(urls.slice(0, 10));
    for (const url of urls.slice(10)) cache.record(result(url), false, NOW);
    cache.close();
    expect(stored(file)).toEqual(urls);
  });

  it('reads its own results before they are written: freshness and observations', () => {
    const file = join(dir, 'read.sqlite');
    const cache = new LinkCache(file);
    const gone = 'https://example.org/gone';
    cache.record({ ...result(gone, 'dead-suspected'), status: 404 }, true, NOW);
    expect(cache.observations(gone)).toEqual([{ at: new Date(NOW).toISOString(), status: 404 }]);
    cache.record(result('https://example.org/ok'), false, NOW);
    expect(cache.fresh('https://example.org/ok', NOW + 1000)).toMatchObject({ class: 'live', cached: true });
    cache.close();
  });

  it('two caches on one file at once, as two processes are, lose nothing', () => {
    const file = join(dir, 'two.sqlite');
    const a = new LinkCache(file);
    const b = new LinkCache(file);
    for (let i = 0; i < 700; i++) (i % 2 ? a : b).record(result(`https://example.org/${i}`), false, NOW);
    a.close();
    b.close();
    expect(stored(file)).toHaveLength(700);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('the link cache keeps what it was given', () => {
  it('stores a result as it was recorded, not as the caller changed it afterwards', () => {
    const file = join(dir, 'snapshot.sqlite');
    const cache = new LinkCache(file);
    const r: LinkResult & { capture?: unknown } = result('https://example.org/gone', 'dead-suspected');
    cache.record(r, true, NOW);
    // The run adds its archive suggestion to the same object before the batch is written.
    r.capture = { url: 'https://web.archive.org/web/2010/https://example.org/gone' };
    cache.close();
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT result FROM link').get() as { result: string };
    db.close();
    expect(JSON.parse(row.result)).not.toHaveProperty('capture');
  });

  it('keeps a batch another process blocks, and writes it once the file is free', async () => {
    const file = join(dir, 'locked.sqlite');
    new LinkCache(file).close();
    const cache = new LinkCache(file, undefined, 200);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 10; i++) cache.record(result(`https://example.org/l${i}`), false, NOW);
    // The timer's write fails on the lock (after the 200 ms busy timeout) and keeps the batch.
    await new Promise((r) => setTimeout(r, 700));
    other.exec('ROLLBACK');
    other.close();
    cache.record(result('https://example.org/l10'), false, NOW);
    cache.close();
    expect(stored(file)).toHaveLength(11);
  });
});
