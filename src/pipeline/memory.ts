import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps the process's memory near what it really holds. Each revision of a long history
 * leaves a few hundred KB of large strings behind; V8 collects them only when its heap
 * has grown far past the live data (to 600 MB on the 15,180-revision Anarchism history,
 * whose live data is under 100 MB). A full collection every few hundred revisions, and
 * only while the resident size is above the limit, holds the peak under it for a few
 * per cent of the time.
 */
export class MemoryGuard {
  private readonly collect: (() => void) | undefined;
  private count = 0;

  constructor(
    private readonly limitBytes = 256 * 1024 * 1024,
    private readonly every = 128,
  ) {
    this.collect = exposeGc();
  }

  tick(): void {
    if (!this.collect || ++this.count % this.every !== 0) return;
    if (process.memoryUsage.rss() > this.limitBytes) this.collect();
  }
}

function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
