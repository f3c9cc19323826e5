import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { hostKeyOf } from './url.ts';

export interface GateSettings {
  /** Requests in flight at once, all hosts together. */
  concurrency: number;
  /** Requests in flight at once per registrable domain. */
  perHost: number;
  /** Least time between two request starts on one registrable domain (ms). */
  hostInterval: number;
  /** Per-domain overrides (the Wayback Machine: one at a time, 24 a minute). */
  hosts?: Readonly<Record<string, { perHost?: number; hostInterval?: number }>>;
}

interface HostState {
  limit: LimitFunction;
  interval: number;
  nextStart: number;
  pausedUntil: number;
}

/**
 * Politeness for every request of a run. A request first takes its host's turn (the
 * per-host limit, the minimum interval, any Retry-After pause) and only then a global
 * slot: waiting for a busy or paused host never holds one of the global slots that other
 * hosts could use (field notes, libraries §6: host(() => global(fn))).
 */
export class Gate {
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly settings: GateSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.global = pLimit(settings.concurrency);
  }

  private stateOf(key: string): HostState {
    let s = this.hosts.get(key);
    if (!s) {
      const o = this.settings.hosts?.[key];
      s = {
        limit: pLimit(o?.perHost ?? this.settings.perHost),
        interval: o?.hostInterval ?? this.settings.hostInterval,
        nextStart: 0,
        pausedUntil: 0,
      };
      this.hosts.set(key, s);
    }
    return s;
  }

  /** Runs `fn` (one request to `host`) when politeness allows. */
  run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const key = hostKeyOf(host);
    const state = this.stateOf(key);
    return state.limit(async () => {
      try {
        for (;;) {
          // Re-read after each sleep: a Retry-After may have paused the host meanwhile.
          for (;;) {
            const wait = Math.max(state.nextStart, state.pausedUntil) - this.now();
            if (wait <= 0) break;
            await sleep(wait);
          }
          state.nextStart = this.now() + state.interval;
          // Paused while it waited for a global slot (another request to the host got a 429):
          // the slot goes back, unused, and the request waits for the host again.
          const done = await this.global(async () =>
            state.pausedUntil > this.now() ? undefined : { value: await fn() },
          );
          if (done) return done.value;
        }
      } finally {
        // Keep the map bounded on runs over many hosts: a domain with nothing queued, no pause
        // and its interval over is forgotten (a new state for it starts with nothing to wait for).
        const idle = state.limit.activeCount + state.limit.pendingCount <= 1;
        if (idle && Math.max(state.pausedUntil, state.nextStart) <= this.now()) this.hosts.delete(key);
      }
    });
  }

  /** Holds every request to the host's domain until `until` (a Retry-After). */
  pause(host: string, until: number): void {
    const state = this.stateOf(hostKeyOf(host));
    state.pausedUntil = Math.max(state.pausedUntil, until);
  }
}
