// How long the session has left: session.expires_at (seconds since the epoch; 60 minutes after
// creation on GA) against the clock, with the warning the console gives 5 minutes before.

/** The console warns this long before the session expires. */
export const EXPIRY_WARNING_MS = 5 * 60 * 1000;

export interface ExpiryState {
  /** Milliseconds left, never negative. */
  remainingMs: number;
  /** "59:12", "4:05", "0:00". */
  text: string;
  warning: boolean;
  expired: boolean;
}

export function expiryState(expiresAtSeconds: number, nowMs: number): ExpiryState {
  const remainingMs = Math.max(0, expiresAtSeconds * 1000 - nowMs);
  const totalSeconds = Math.ceil(remainingMs / 1000);
  const text = `${Math.floor(totalSeconds / 60)}:${String(totalSeconds % 60).padStart(2, '0')}`;
  return { remainingMs, text, warning: remainingMs <= EXPIRY_WARNING_MS, expired: remainingMs === 0 };
}
