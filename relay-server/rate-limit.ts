// A per-client limit on requests in a sliding window (the WebRTC routes: each one mints a key or
// starts a billed call upstream). Memory is bounded: at most `limit` times per client, and
// clients whose window has passed are forgotten; past `maxClients` tracked at once new clients
// are refused until some expire (fail closed rather than grow without bound).

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  maxClients?: number;
  now?: () => number;
}

export class RateLimiter {
  private readonly times = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts one request from `client` when it is within the limit. */
  take(client: string): RateDecision {
    const now = this.now();
    const since = now - this.windowMs;
    const recent = (this.times.get(client) ?? []).filter((time) => time > since);
    if (recent.length >= this.limit) {
      this.times.set(client, recent);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) };
    }
    if (!this.times.has(client) && this.times.size >= this.maxClients) {
      this.forgetExpired(since);
      if (this.times.size >= this.maxClients) return { ok: false, retryAfterSeconds: Math.ceil(this.windowMs / 1000) };
    }
    recent.push(now);
    this.times.set(client, recent);
    return { ok: true };
  }

  /** Clients tracked right now (for tests). */
  get size(): number {
    return this.times.size;
  }

  private forgetExpired(since: number): void {
    for (const [client, times] of this.times) if (times[times.length - 1] <= since) this.times.delete(client);
  }
}
