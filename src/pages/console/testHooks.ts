// Opt-in hooks for end-to-end tests: a test defines e.g. `window.__realtimeConsoleEvents = []`
// before the page loads, and the console appends to it. Nothing is recorded unless a test
// asked, so normal use keeps no extra copies.
import type { TransportEvent } from '../../lib/realtime';

export interface InterruptRecord {
  trackId: string;
  /** Samples of the track the listener heard before the interruption (output less the output latency). */
  offset: number;
  /** Samples of the track the player had output to the audio graph. */
  sentOffset: number;
  /** The output latency compensated, in seconds. */
  latencySeconds: number;
  /** AudioContext time of the interruption. */
  currentTime: number;
}

export interface PlaybackRecord {
  type: 'started' | 'idle';
  trackId: string | null;
  contextTime: number;
}

declare global {
  interface Window {
    __realtimeConsoleEvents?: TransportEvent[];
    __realtimeConsoleInterrupts?: InterruptRecord[];
    __realtimeConsolePlayback?: PlaybackRecord[];
  }
}

function push<T>(list: T[] | undefined, record: T): void {
  if (Array.isArray(list)) list.push(record);
}

export function recordEventForTests(event: TransportEvent): void {
  if (typeof window !== 'undefined') push(window.__realtimeConsoleEvents, event);
}

export function recordInterruptForTests(record: InterruptRecord): void {
  if (typeof window !== 'undefined') push(window.__realtimeConsoleInterrupts, record);
}

export function recordPlaybackForTests(record: PlaybackRecord): void {
  if (typeof window !== 'undefined') push(window.__realtimeConsolePlayback, record);
}
