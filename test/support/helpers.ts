/**
 * Shared test helpers for the source and dump stages. Nothing here re-implements
 * the code under test by calling into it: the decoders and counters below are
 * independent of src/ so that they can serve as a second opinion.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { InputError } from '../../src/source/index.ts';
import type { RevisionRecord } from '../../src/dump/index.ts';
import { mulberry32 as prng } from './prng.ts';

export { prng };

/** `n` pseudo-random bytes from `seed`. */
export function randomBytes(n: number, seed: number): Buffer {
  const next = prng(seed);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** Yields `data` in slices of `size` bytes (the last may be shorter). Copies, so no slice aliases another. */
export async function* chunked(data: Buffer | string, size: number): AsyncGenerator<Buffer> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (size <= 0) throw new Error('chunk size must be positive');
  for (let i = 0; i < buf.length; i += size) yield Buffer.from(buf.subarray(i, i + size));
}

/** Yields `data` cut at the given absolute positions. */
export async function* cutAt(data: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= data.length) continue;
    yield Buffer.from(data.subarray(from, cut));
    from = cut;
  }
  if (from < data.length) yield Buffer.from(data.subarray(from));
}

/** The whole of `data` as one chunk. */
export async function* whole(data: Buffer | string): AsyncGenerator<Buffer> {
  yield typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export interface Outcome<T> {
  items: T[];
  error: unknown;
}

/**
 * Runs `produce` (which may itself throw, e.g. openSource) and iterates what it
 * returns, keeping every item yielded before an error, and the error.
 */
export async function collectUntilError<T>(
  produce: () => AsyncIterable<T> | Promise<AsyncIterable<T>>,
): Promise<Outcome<T>> {
  const items: T[] = [];
  try {
    const iterable = await produce();
    for await (const item of iterable) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

/** Asserts that `err` is an InputError with a numeric offset and a message that says "byte N". */
export function expectInputErrorAtByte(err: unknown): InputError {
  expect(err, 'an InputError was expected, but nothing was thrown').toBeDefined();
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.name).toBe('InputError');
  expect(typeof e.where.offset).toBe('number');
  expect(Number.isInteger(e.where.offset)).toBe(true);
  expect(e.where.offset!).toBeGreaterThanOrEqual(0);
  expect(e.message).toContain('byte ');
  expect(e.message).toContain(`byte ${e.where.offset}`);
  return e;
}

/** Asserts that `err` is an InputError (any location). */
export function expectInputError(err: unknown): InputError {
  expect(err, 'an InputError was expected, but nothing was thrown').toBeDefined();
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** An independent XML entity decoder (the five named entities and numeric references), for expectations. */
export function decodeEntities(s: string): string {
  return s.replace(
    /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g,
    (_m, name?: string, dec?: string, hex?: string) => {
      if (name) return NAMED[name]!;
      const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
      const legal =
        cp === 0x9 ||
        cp === 0xa ||
        cp === 0xd ||
        (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        (cp >= 0x10000 && cp <= 0x10ffff);
      return legal ? String.fromCodePoint(cp) : '\uFFFD';
    },
  );
}

/** MediaWiki's revision hash: SHA-1 of the UTF-8 text, in base 36, padded to 31 digits. */
export function sha1Base36(text: string): string {
  const hex = createHash('sha1').update(text, 'utf8').digest('hex');
  return BigInt(`0x${hex}`).toString(36).padStart(31, '0');
}

/** Every index of `needle` in `haystack`, in order. */
export function indexesOf(haystack: Buffer, needle: string): number[] {
  const out: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** A compact, comparable view of a record (everything but the shared `site` object). */
export function summary(r: RevisionRecord) {
  return { page: r.page, revision: r.revision, text: r.text, lastOfPage: r.lastOfPage };
}
