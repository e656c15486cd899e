// Helpers for the LiveClient's tests against the simulator (WebSocket and WebRTC): waiting on the
// client's state as server events arrive, the assistant lane's words, and the frames' validity.
import type { LiveClient } from './live-client';
import { validateLiveClientEvent, validateLiveForkClientEvent, validateLiveForkServerEvent, validateLiveServerEvent } from '../protocol/live-validate';

/**
 * "source type: errors" for each frame not valid against the Live schema (server events strictly);
 * `fork`: against the fork WebSocket's events (forks.d.ts).
 */
export function invalidLiveFrames(frames: ReadonlyArray<{ source: string; event: unknown }>, fork = false): string[] {
  return frames.flatMap(({ source, event }) => {
    const check =
      source === 'client'
        ? (fork ? validateLiveForkClientEvent : validateLiveClientEvent)(event)
        : (fork ? validateLiveForkServerEvent : validateLiveServerEvent)(event, { strict: true });
    return check.valid ? [] : [`${source} ${(event as { type?: string }).type}: ${check.errors.join('; ')}`];
  });
}

/** Resolves with `probe()`'s first non-null value, checked after every server event (default 15 s). */
export function until<T>(client: LiveClient, probe: () => T | null | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = (): void => {
      const value = probe();
      if (value !== null && value !== undefined) {
        clearTimeout(timer);
        off();
        resolve(value);
      }
    };
    const off = client.on('server.event', check);
    check();
  });
}

/** Everything the assistant lane has said, its turns joined. */
export const assistantText = (client: LiveClient): string =>
  client.transcript
    .list()
    .filter((t) => t.lane === 'assistant')
    .map((t) => t.text)
    .join(' ');
