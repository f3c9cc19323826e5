import { createReadStream, statSync } from 'node:fs';
import { decompress, type DecompressOptions } from './decompress.ts';
import { detectCompression, detectEncoding, type Compression, type TextEncoding } from './detect.ts';
import { InputError } from './errors.ts';

export { InputError, type InputLocation } from './errors.ts';
export { findOnPath } from './decompress.ts';
export type { Compression, TextEncoding } from './detect.ts';

export interface SourceOptions extends DecompressOptions {
  /** Read size; 1 MiB keeps syscalls few without holding much. */
  chunkBytes?: number;
  /** For tests and `-`: an already open byte stream instead of a path. */
  stream?: AsyncIterable<Uint8Array>;
  /** The name messages use (the path as the user typed it); default: the path, or `<stdin>`. */
  name?: string;
}

/** An input opened for reading: XML bytes in UTF-8, whatever the file was. */
export interface Source {
  /** The path as given, or `<stdin>`. */
  name: string;
  compression: Compression;
  encoding: TextEncoding;
  decoder: string;
  /** Size of the file on disk, when it is a regular file. */
  size: number | undefined;
  /** Raw (still compressed) bytes consumed so far: the progress measure. */
  rawBytesRead(): number;
  /** XML bytes handed on so far (after decompression and transcoding). */
  xmlBytesRead(): number;
  bytes: AsyncIterable<Buffer>;
  notices: string[];
}

const HEAD_BYTES = 16;

/**
 * Opens `path` (or `-` for stdin), sniffs compression and text encoding from the bytes
 * themselves, and returns the XML as a stream of UTF-8 chunks.
 */
export async function openSource(path: string, options: SourceOptions = {}): Promise<Source> {
  const name = options.name ?? (path === '-' ? '<stdin>' : path);
  let size: number | undefined;
  let raw: AsyncIterable<Uint8Array>;
  if (options.stream) {
    raw = options.stream;
  } else if (path === '-') {
    raw = process.stdin;
  } else {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw new InputError(`${name}: is a directory, not a dump`, { file: name });
      if (stat.isFile()) size = stat.size;
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`${name}: cannot open: ${(err as Error).message}`, { file: name });
    }
    raw = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  }

  let rawRead = 0;
  const counted = countBytes(raw, (n) => (rawRead += n));
  const { head, rest } = await peek(counted, HEAD_BYTES, name);
  const detected = detectCompression(head, name);
  if (detected.kind === 'unsupported') {
    throw new InputError(`${name}: ${detected.format} archives are not read directly: ${detected.hint}`, {
      file: name,
      offset: 0,
    });
  }
  const unpacked = decompress(name, detected.compression, rest, options);
  let text: Awaited<ReturnType<typeof peek>>;
  try {
    text = await peek(unpacked.bytes, 4, name);
  } catch (err) {
    // A decompressor that fails before its first byte: the error belongs to the stream,
    // like any later one, so callers handle both in one place.
    if (!(err instanceof InputError)) throw err;
    text = { head: Buffer.alloc(0), rest: failing(err) };
  }
  const encoding = detectEncoding(text.head);
  let xmlRead = 0;
  const bytes = countBytes(
    encoding === 'utf-8' ? text.rest : transcodeToUtf8(text.rest, encoding),
    (n) => (xmlRead += n),
  );
  const notices = [...unpacked.notices];
  if (encoding !== 'utf-8')
    notices.push(`${name}: read as ${encoding.toUpperCase()}; byte offsets count the UTF-8 re-encoding`);
  return {
    name,
    compression: detected.compression,
    encoding,
    decoder: unpacked.decoder,
    size,
    rawBytesRead: () => rawRead,
    xmlBytesRead: () => xmlRead,
    bytes,
    notices,
  };
}

// eslint-disable-next-line require-yield
async function* failing(err: InputError): AsyncIterable<Buffer> {
  throw err;
}

async function* countBytes(input: AsyncIterable<Uint8Array>, add: (n: number) => void): AsyncIterable<Buffer> {
  for await (const chunk of input) {
    add(chunk.length);
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  }
}

/**
 * Reads at least `want` bytes (or all there is) and hands back those bytes plus an
 * iterable that replays them before the rest, so that sniffing consumes nothing.
 */
async function peek(input: AsyncIterable<Buffer>, want: number, name: string) {
  const iterator = input[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  try {
    while (length < want) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      taken.push(next.value);
      length += next.value.length;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${name}: cannot read: ${(err as Error).message}`, { file: name, offset: 0 });
  }
  const head = Buffer.concat(taken, length);
  async function* rest(): AsyncIterable<Buffer> {
    try {
      if (head.length) yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Iterated by hand, the stream underneath hears of an early stop only from us.
      if (!done) await iterator.return?.();
    }
  }
  return { head, rest: rest() };
}

async function* transcodeToUtf8(input: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncIterable<Buffer> {
  const decoder = new TextDecoder(encoding, { fatal: false });
  for await (const chunk of input) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail) yield Buffer.from(tail, 'utf8');
}
