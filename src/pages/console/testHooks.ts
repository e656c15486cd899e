// Opt-in hooks for end-to-end tests. They record only when the page's runtime config
// (`window.REALTIME_CONSOLE_CONFIG`, which the e2e harness's serveBuild writes) says
// `testHooks: true` AND a test has defined the list, e.g. `window.__realtimeConsoleEvents = []`
// before the page loads. A deployed console's config never sets it, so it records nothing and
// keeps no extra copies even when a page script defines those globals.
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

/** Whether the runtime config turned the test hooks on (`testHooks: true`). */
export function testHooksEnabled(): boolean {
  if (typeof window === 'undefined') return false;
  // Not a field of AppConfig: the product never reads it, only this observer.
  const config: unknown = Reflect.get(window, 'REALTIME_CONSOLE_CONFIG');
  return typeof config === 'object' && config !== null && 'testHooks' in config && config.testHooks === true;
}

function push<T>(list: T[] | undefined, record: T): void {
  if (Array.isArray(list) && testHooksEnabled()) list.push(record);
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
