// The rate limits `rate_limits.updated` reports: a request and token budget per window.
import type { RateLimitsUpdatedEvent } from 'openai/resources/realtime/realtime';

export const REQUESTS_PER_WINDOW = 5000;
export const TOKENS_PER_WINDOW = 400_000;
export const WINDOW_SECONDS = 60;

export class RateLimiter {
  private windowStart = Date.now();
  private requests = 0;
  private tokens = 0;

  /** Counts one response of `tokens` tokens and reports what remains. */
  consume(tokens: number): RateLimitsUpdatedEvent.RateLimit[] {
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_SECONDS * 1000) {
      this.windowStart = now;
      this.requests = 0;
      this.tokens = 0;
    }
    this.requests += 1;
    this.tokens += tokens;
    const reset = Math.max(0, WINDOW_SECONDS - (now - this.windowStart) / 1000);
    return [
      { name: 'requests', limit: REQUESTS_PER_WINDOW, remaining: Math.max(0, REQUESTS_PER_WINDOW - this.requests), reset_seconds: round(reset) },
      { name: 'tokens', limit: TOKENS_PER_WINDOW, remaining: Math.max(0, TOKENS_PER_WINDOW - this.tokens), reset_seconds: round(reset) },
    ];
  }
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
