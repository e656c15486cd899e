// The e2e page's observer. The console builds one only when its runtime config says
// `testHooks: true` (the e2e harness's serveBuild writes that config; a deployed console's never
// does), and then it records into the lists a test defined before the page loaded, e.g.
// `window.__realtimeConsoleEvents = []`. Product code knows only the observer interfaces it is
// given (ConversationAudioObserver, and a client to watch), never these globals.
import type { RealtimeClient, TransportEvent } from '../../lib/realtime';
import type { ConversationAudioObserver } from './conversationAudio';
import type { AudibleNotice } from '../../lib/wavtools/wav-stream-player';

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
  /** Date.now() when the page heard of it: the clock of the recorded events' `time`. */
  time: number;
}

declare global {
  interface Window {
    __realtimeConsoleEvents?: TransportEvent[];
    __realtimeConsoleInterrupts?: InterruptRecord[];
    __realtimeConsolePlayback?: PlaybackRecord[];
    __realtimeConsoleAudible?: AudibleNotice[];
  }
}

export interface TestHooks extends ConversationAudioObserver {
  /** Records every event the client sends and receives (before it connects). */
  watch(client: Pick<RealtimeClient, 'on'>): void;
}

function push<T>(list: T[] | undefined, record: T): void {
  if (Array.isArray(list)) list.push(record);
}

/** The observer when the config turns the test hooks on; null otherwise (nothing is recorded). */
export function testHooksFor(config: { testHooks?: boolean }, page: Window | undefined = typeof window === 'undefined' ? undefined : window): TestHooks | null {
  if (config.testHooks !== true || !page) return null;
  return {
    watch: (client) => void client.on('realtime.event', (event) => push(page.__realtimeConsoleEvents, event)),
    interrupted: ({ trackId, offset, sentOffset, latencySeconds, currentTime }) =>
      push(page.__realtimeConsoleInterrupts, { trackId, offset, sentOffset, latencySeconds, currentTime }),
    playback: ({ type, trackId, contextTime }) => push(page.__realtimeConsolePlayback, { type, trackId, contextTime, time: Date.now() }),
    audible: (notice) => push(page.__realtimeConsoleAudible, { ...notice }),
  };
}
