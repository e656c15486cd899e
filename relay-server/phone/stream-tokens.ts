// One-time, short-lived tokens that tie a /call socket to a webhook Twilio signed. Without
// them anyone who found the /call URL could open a model session on the relay's key: the
// socket itself carries no signature (Twilio signs only the upgrade's URL, which the relay
// cannot tell from a replay), so the signed webhook hands out a secret Twilio echoes back in
// `start.customParameters`.
import { randomBytes } from 'node:crypto';

export interface TokenGrant {
  /** The call the webhook was for (Twilio's CallSid, or '' when the webhook named none). */
  callSid: string;
  /** The caller's number as the webhook named it ('' when absent). */
  from: string;
}

interface Pending extends TokenGrant {
  expiresAt: number;
}

export class StreamTokens {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly ttlMs: number, private readonly maxPending: number, private readonly now: () => number = Date.now) {}

  /** A new token, or null when too many are outstanding (a flood of signed webhooks). */
  issue(grant: TokenGrant): string | null {
    this.sweep();
    if (this.pending.size >= this.maxPending) return null;
    const token = randomBytes(24).toString('base64url');
    this.pending.set(token, { ...grant, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** The grant for a token, consuming it; null when unknown, used or expired. */
  redeem(token: unknown): TokenGrant | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 256) return null;
    // A hash-map lookup: 192 random bits leave nothing to learn from its timing.
    const entry = this.pending.get(token);
    if (!entry) return null;
    this.pending.delete(token);
    if (entry.expiresAt < this.now()) return null;
    return { callSid: entry.callSid, from: entry.from };
  }

  get size(): number {
    return this.pending.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(token);
  }
}
