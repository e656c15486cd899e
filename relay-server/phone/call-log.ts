// One call's record for the console (/logs): its facts, and every event that crossed it (the
// upstream's both ways, the Twilio lifecycle, the relay's own notes) kept in a bounded ring so
// a console that subscribes late still sees the start, and pushed live to subscribers.
// Audio frames are recorded only while someone watches: 50 JSON frames a second per call
// would otherwise be built for nobody.
import type { CallEventSource } from '../../src/lib/protocol/phone-logs';

export type { CallEventSource, CallFacts } from '../../src/lib/protocol/phone-logs';

export interface CallEvent {
  /** ms since the call started. */
  t: number;
  source: CallEventSource;
  /** The event as JSON text (already scrubbed of the API key). */
  text: string;
}

export type CallListener = (callId: string, event: CallEvent) => void;

/** Events kept for late subscribers (audio frames are never kept). */
export const CALL_HISTORY_EVENTS = 500;

export class CallLog {
  private readonly history: CallEvent[] = [];
  private readonly listeners = new Set<CallListener>();

  constructor(readonly callId: string, private readonly startedAt: number) {}

  /** Whether anyone watches (callers skip building audio-frame text otherwise). */
  get watched(): boolean {
    return this.listeners.size > 0;
  }

  add(source: CallEventSource, text: string, audio = false): void {
    const event: CallEvent = { t: Date.now() - this.startedAt, source, text };
    if (!audio) {
      this.history.push(event);
      if (this.history.length > CALL_HISTORY_EVENTS) this.history.shift();
    }
    for (const listener of this.listeners) listener(this.callId, event);
  }

  /** Subscribes; `listener` first gets the kept history. Returns the unsubscribe. */
  subscribe(listener: CallListener): () => void {
    for (const event of this.history) listener(this.callId, event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clearListeners(): void {
    this.listeners.clear();
  }
}
