import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LinkClass } from './classify.ts';

/** A hard-dead observation kept for confirmation across runs. */
export interface Observation {
  at: string;
  status?: number;
  error?: string;
}

/** What a check established about one URL, as stored and as reported. */
export interface LinkResult {
  url: string;
  class: LinkClass;
  reason: string;
  status?: number;
  finalUrl?: string;
  hops: { url: string; status: number }[];
  error?: string;
  checkedAt: string;
  /** Hard-dead observations since the last live one, oldest first (this run's included). */
  observations: Observation[];
  /** For `dead`: how it was confirmed. */
  confirmedBy?: 'observations' | 'dead-link-tag';
  /** Served from the cache without a request in this run. */
  cached?: boolean;
}

/** How long a result stays fresh, by class (ms); classes not listed are never cached. */
export const DEFAULT_TTL: Partial<Record<LinkClass, number>> = {
  live: 7 * 86_400_000,
  redirected: 7 * 86_400_000,
  'soft-404': 7 * 86_400_000,
  paywalled: 7 * 86_400_000,
  dead: 30 * 86_400_000,
  // A suspected dead link is asked again a day later: that is how it gets confirmed.
  'dead-suspected': 86_400_000,
  blocked: 86_400_000,
  'rate-limited': 86_400_000,
};

const SCHEMA_VERSION = '1';

/** One recorded check, as it will be written. */
interface PendingWrite {
  url: string;
  now: number;
  /** A hard-dead observation to add. */
  observation?: { status: number | null; error: string | null };
  /** A live or conclusive check: earlier observations are cleared. */
  clears: boolean;
  /** The result to store, when its class is cached. */
  row?: { class: LinkClass; json: string; expires: number };
}

/** Results written in one transaction at most; a fuller batch is written at once. */
const BATCH_SIZE = 256;
/** The longest a result waits for its batch to be written (ms). */
const BATCH_DELAY = 250;

/**
 * The persistent link cache: one SQLite file (WAL, so a second process reading or writing
 * at once waits briefly instead of failing). Results are written in batches, one
 * transaction each, at most BATCH_DELAY after they are known and always on `close` (which
 * Ctrl-C and --max-time reach), so an interrupted run keeps everything it finished; only a
 * killed process loses the last quarter second. A transaction per result cost a tenth of
 * the CPU of a check.
 */
export class LinkCache {
  private readonly db: Database.Database;
  private readonly getLink: Database.Statement<[string], { result: string; expires_at: number }>;
  private readonly putLink: Database.Statement<[string, string, number, string, number]>;
  private readonly getObs: Database.Statement<[string], { at: number; status: number | null; error: string | null }>;
  private readonly addObs: Database.Statement<[string, number, number | null, string | null]>;
  private readonly clearObs: Database.Statement<[string]>;
  private readonly getArchive: Database.Statement<[string], { result: string; expires_at: number }>;
  private readonly putArchive: Database.Statement<[string, string, number]>;

  private pending: PendingWrite[] = [];
  /** The URLs in `pending`: a read of one of them writes the batch first. */
  private readonly pendingUrls = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly writeBatch: (batch: PendingWrite[]) => void;

  constructor(
    readonly file: string,
    private readonly ttl: Partial<Record<LinkClass, number>> = DEFAULT_TTL,
    /** How long a write waits for another process's lock on the file (ms). */
    busyTimeout = 10_000,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: busyTimeout });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS link (
        url TEXT PRIMARY KEY, class TEXT NOT NULL, checked_at INTEGER NOT NULL,
        result TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS observation (
        url TEXT NOT NULL, at INTEGER NOT NULL, status INTEGER, error TEXT,
        PRIMARY KEY (url, at)) STRICT;
      CREATE TABLE IF NOT EXISTS archive_lookup (
        key TEXT PRIMARY KEY, result TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
      INSERT OR IGNORE INTO meta VALUES ('schema', '${SCHEMA_VERSION}');
    `);
    const version = this.db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'schema'`).get();
    if (version?.value !== SCHEMA_VERSION)
      throw new Error(`${file}: link cache schema ${version?.value ?? '?'}, this citeaudit reads ${SCHEMA_VERSION}`);
    this.getLink = this.db.prepare(`SELECT result, expires_at FROM link WHERE url = ?`);
    this.putLink = this.db.prepare(
      `INSERT INTO link (url, class, checked_at, result, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET class = excluded.class, checked_at = excluded.checked_at,
         result = excluded.result, expires_at = excluded.expires_at`,
    );
    this.getObs = this.db.prepare(`SELECT at, status, error FROM observation WHERE url = ? ORDER BY at`);
    this.addObs = this.db.prepare(`INSERT OR REPLACE INTO observation (url, at, status, error) VALUES (?, ?, ?, ?)`);
    this.clearObs = this.db.prepare(`DELETE FROM observation WHERE url = ?`);
    this.getArchive = this.db.prepare(`SELECT result, expires_at FROM archive_lookup WHERE key = ?`);
    this.putArchive = this.db.prepare(
      `INSERT INTO archive_lookup (key, result, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET result = excluded.result, expires_at = excluded.expires_at`,
    );
    this.writeBatch = this.db.transaction((batch: PendingWrite[]) => {
      for (const w of batch) {
        if (w.observation) this.addObs.run(w.url, w.now, w.observation.status, w.observation.error);
        else if (w.clears) this.clearObs.run(w.url);
        if (w.row) this.putLink.run(w.url, w.row.class, w.now, w.row.json, w.row.expires);
      }
    });
  }

  /** The stored result when it is still fresh at `now`. */
  fresh(url: string, now: number): LinkResult | undefined {
    if (this.pendingUrls.has(url)) this.flush();
    const row = this.getLink.get(url);
    if (!row || row.expires_at <= now) return undefined;
    return { ...(JSON.parse(row.result) as LinkResult), cached: true };
  }

  /** Hard-dead observations of a URL since it was last seen alive (a result still waiting in its batch included). */
  observations(url: string): Observation[] {
    if (this.pendingUrls.has(url)) this.flush();
    return this.getObs.all(url).map((r) => ({
      at: new Date(r.at).toISOString(),
      ...(r.status !== null ? { status: r.status } : {}),
      ...(r.error !== null ? { error: r.error } : {}),
    }));
  }

  /**
   * Records one check: a hard-dead observation is added, anything live or inconclusive
   * resets the count (InternetArchiveBot's rule), and the result is stored with its
   * class's TTL. Both writes are in the same transaction, so a kill leaves both or neither.
   */
  record(result: LinkResult, hardDead: boolean, now: number): void {
    // The row as the result is now: the caller goes on to add an archive suggestion to the
    // same object, which belongs to this run's report, not to the cache.
    const ttl = this.ttl[result.class];
    const { cached: _cached, ...stored } = result;
    this.pending.push({
      url: result.url,
      now,
      ...(hardDead ? { observation: { status: result.status ?? null, error: result.error ?? null } } : {}),
      clears: !hardDead && result.class !== 'transient' && result.class !== 'skipped',
      ...(ttl ? { row: { class: result.class, json: JSON.stringify(stored), expires: now + ttl } } : {}),
    });
    this.pendingUrls.add(result.url);
    if (this.pending.length >= BATCH_SIZE) this.flush();
    else
      this.flushTimer ??= setTimeout(() => {
        // A batch that cannot be written yet (another process holds the file past the busy
        // timeout) stays pending: the next batch or close writes it, or says why it cannot.
        try {
          this.flush();
        } catch {
          // Kept pending by flush; thrown from a timer it would end the process.
        }
      }, BATCH_DELAY).unref();
  }

  /** Writes the results waiting in the batch, in one transaction; on failure they stay pending and the error is thrown. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    this.writeBatch(this.pending);
    this.pending = [];
    this.pendingUrls.clear();
  }

  archiveLookup(key: string, now: number): unknown {
    const row = this.getArchive.get(key);
    return row && row.expires_at > now ? JSON.parse(row.result) : undefined;
  }

  storeArchiveLookup(key: string, value: unknown, ttl: number, now: number): void {
    this.putArchive.run(key, JSON.stringify(value), now + ttl);
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.db.close();
    }
  }
}
