import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import bz2 from 'unbzip2-stream';
import type { Compression } from './detect.ts';
import { InputError } from './errors.ts';

/**
 * Reads a stream eagerly into a bounded queue and hands it on in batches. A decompressor
 * writing into a pipe stalls as soon as the 64 KiB pipe buffer is full; reading ahead
 * keeps it working while the parser is busy, so the two overlap on two cores. Batching
 * the few-KiB blocks bzip2 writes saves a trip through every async stage per block.
 * Everything read before an error is handed on before the error is raised.
 */
async function* readAhead(stream: NodeJS.ReadableStream, onError: (err: Error) => void): AsyncIterable<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  stream.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > READ_AHEAD_BYTES) stream.pause();
    notify();
  });
  const finish = () => {
    ended = true;
    notify();
  };
  stream.on('end', finish);
  stream.on('close', finish);
  stream.on('error', (err: Error) => {
    onError(err);
    finish();
  });
  for (;;) {
    if (queue.length) {
      const take = queue.splice(0, queue.length);
      const length = queued;
      queued = 0;
      stream.resume();
      yield take.length === 1 ? take[0]! : Buffer.concat(take, length);
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** The first executable called `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
}

export interface DecompressOptions {
  /** `system` (default) prefers lbzip2, then bzip2, then the pure-JS decoder; `js` forces the latter. */
  bzip2?: 'system' | 'js';
  /** PATH to search, for tests. */
  path?: string;
}

export interface Decompressed {
  bytes: AsyncIterable<Buffer>;
  decoder: string;
  notices: string[];
}

const MAX_STDERR = 4096;
const READ_AHEAD_BYTES = 16 * 1024 * 1024;

/**
 * Runs a system decompressor as a filter. The child's failure (a non-zero exit, or
 * a missing binary) is raised from the output iterator, after whatever it managed to
 * write, so a truncated archive still yields its complete pages and then an error.
 */
function spawnFilter(file: string, tool: string, args: string[], input: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let spawnError: Error | undefined;
  // Listeners go on at once: an ENOENT that nobody awaits yet would crash the process.
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      spawnError = err;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < MAX_STDERR) stderr += d.toString('utf8');
  });
  // The child may exit early (garbage input): EPIPE on its stdin is expected then.
  child.stdin.on('error', () => undefined);
  Readable.from(input)
    .on('error', () => child.stdin.destroy())
    .pipe(child.stdin);

  const name = `${tool.split('/').pop()} ${args.join(' ')}`;
  return (async function* () {
    let produced = 0;
    let drained = false;
    try {
      for await (const chunk of readAhead(child.stdout, () => undefined)) {
        produced += chunk.length;
        yield chunk;
      }
      drained = true;
    } finally {
      // A reader that stops early (an error further on, a --page found) leaves the child
      // blocked on a full pipe: end it. Only then: a drained child is about to exit by itself.
      if (!drained) child.kill();
    }
    const code = await exited;
    if (spawnError) throw new InputError(`${file}: cannot run ${name}: ${spawnError.message}`, { file });
    if (code !== 0) {
      // The tools put the cause first ("Compressed file ends unexpectedly") and advice after.
      const why =
        stderr
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .slice(0, 2)
          .join(' ') || 'no message';
      throw new InputError(`${file}: ${name} failed (exit ${code}) after ${produced} bytes of XML: ${why}`, {
        file,
        offset: produced,
      });
    }
  })();
}

/**
 * Runs a Node transform stream (gunzip, the pure-JS bz2 decoder) over the input. Every
 * byte the decoder produced before failing is handed on before its error, so a
 * truncated archive yields the same complete pages as the system tools recover.
 */
function streamFilter(
  file: string,
  name: string,
  input: AsyncIterable<Buffer>,
  transform: NodeJS.ReadWriteStream,
): AsyncIterable<Buffer> {
  let failure: Error | undefined;
  const source = Readable.from(input);
  source.on('error', (err: Error) => {
    failure ??= err;
    transform.end();
  });
  source.pipe(transform as NodeJS.WritableStream);

  return (async function* () {
    let produced = 0;
    for await (const chunk of readAhead(transform, (err) => (failure ??= err))) {
      produced += chunk.length;
      yield chunk;
    }
    if (failure) {
      if (failure instanceof InputError) throw failure;
      // The pure-JS bz2 decoder reports truncation as an internal TypeError.
      const why = failure instanceof TypeError ? 'the compressed data is corrupt or truncated' : failure.message;
      throw new InputError(`${file}: ${name} failed after ${produced} bytes of XML: ${why}`, {
        file,
        offset: produced,
      });
    }
  })();
}

export function decompress(
  file: string,
  compression: Compression,
  input: AsyncIterable<Buffer>,
  options: DecompressOptions = {},
): Decompressed {
  switch (compression) {
    case 'none':
      return { bytes: input, decoder: 'none', notices: [] };
    case 'gzip':
      return { bytes: streamFilter(file, 'gunzip', input, createGunzip()), decoder: 'zlib gunzip', notices: [] };
    case 'bzip2': {
      const tool =
        options.bzip2 === 'js' ? undefined : (findOnPath('lbzip2', options.path) ?? findOnPath('bzip2', options.path));
      if (tool) return { bytes: spawnFilter(file, tool, ['-dc'], input), decoder: `${tool} -dc`, notices: [] };
      const notices =
        options.bzip2 === 'js'
          ? []
          : ['neither lbzip2 nor bzip2 is on PATH: using the pure-JS bz2 decoder, several times slower'];
      return { bytes: streamFilter(file, 'bz2 (pure JS)', input, bz2()), decoder: 'unbzip2-stream', notices };
    }
    case 'xz':
    case 'lzma': {
      const tool = findOnPath('xz', options.path);
      if (!tool) {
        throw new InputError(`${file}: ${compression} input needs the xz tool on PATH (Debian: xz-utils)`, { file });
      }
      const args = compression === 'lzma' ? ['--format=lzma', '-dc'] : ['-dc'];
      return { bytes: spawnFilter(file, tool, args, input), decoder: `${tool} ${args.join(' ')}`, notices: [] };
    }
  }
}
