// Ephemeral keys (`ek_…`) minted by POST /v1/realtime/client_secrets: each holds the session
// configuration it was minted with and an expiry. "A secret can be used to create multiple
// sessions until it expires" (ClientSecretCreateParams.expires_after,
// openai/resources/realtime/client-secrets.d.ts); a session started before the expiry goes on.
import { randomBytes } from 'node:crypto';
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { EPHEMERAL_KEY_PREFIX } from '../../src/lib/realtime/handshake';

/** `expires_after.seconds`: "between 10 and 7200 (2 hours) ... default 600" (same file). */
export const EXPIRY_LIMITS = { minSeconds: 10, maxSeconds: 7200, defaultSeconds: 600 } as const;
/** Keys kept at once; past it, minting drops expired keys first, then refuses (429). */
export const DEFAULT_MAX_EPHEMERAL_KEYS = 10_000;

export interface EphemeralKey {
  value: string;
  /** Unix seconds, as `expires_at` reports it. */
  expiresAt: number;
  /** The session the key's calls start with (already shape-checked). */
  session: RealtimeSessionCreateRequest;
}

export type KeyLookup = { kind: 'valid'; key: EphemeralKey } | { kind: 'expired' } | { kind: 'unknown' };

export function isEphemeralKey(value: string): boolean {
  return value.startsWith(EPHEMERAL_KEY_PREFIX);
}

export class EphemeralKeys {
  private readonly keys = new Map<string, EphemeralKey>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly maxKeys = DEFAULT_MAX_EPHEMERAL_KEYS,
  ) {}

  /** A new key, or null when `maxKeys` unexpired keys exist. */
  mint(session: RealtimeSessionCreateRequest, seconds: number): EphemeralKey | null {
    if (this.keys.size >= this.maxKeys) this.dropExpired();
    if (this.keys.size >= this.maxKeys) return null;
    const key: EphemeralKey = {
      value: `${EPHEMERAL_KEY_PREFIX}${randomBytes(16).toString('hex')}`,
      expiresAt: Math.floor(this.nowMs() / 1000) + seconds,
      session,
    };
    this.keys.set(key.value, key);
    return key;
  }

  lookup(value: string): KeyLookup {
    const key = this.keys.get(value);
    if (!key) return { kind: 'unknown' };
    // Valid through the second `expires_at` names, refused after it.
    if (this.nowMs() / 1000 >= key.expiresAt) return { kind: 'expired' };
    return { kind: 'valid', key };
  }

  private dropExpired(): void {
    const now = this.nowMs() / 1000;
    for (const [value, key] of this.keys) if (now >= key.expiresAt) this.keys.delete(value);
  }
}
