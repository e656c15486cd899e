// Which audio formats are in force, so every byte is encoded, decoded and counted in the right
// one. The server confirms formats in `session.created` / `session.updated`; that governs. But
// the server applies events in order: once a `session.update` that sets a format has gone out,
// the appends after it are read in the new format even before its `session.updated` comes back
// (on connect, `session.created` arrives with the defaults while our update is still queued).
// So the input format is the one last sent until the server answers that update, then the one
// it confirmed. Output audio always follows the confirmed format: the server sends
// `session.updated` before any audio in a new format.
import type { ClientEvent, ServerSession } from '../protocol/protocol-types';
import type { AudioFormat } from '../audio-codec/audio-format';

type SessionUpdate = Extract<ClientEvent, { type: 'session.update' }>;

/** Where the conversation reads the formats in force (absent: `audio/pcm`, the API default). */
export interface AudioFormatSource {
  input(): AudioFormat | undefined;
  output(): AudioFormat | undefined;
}

/** No formats known: everything is `audio/pcm` (a conversation used without a client). */
export const PCM_ONLY: AudioFormatSource = { input: () => undefined, output: () => undefined };

/** Updates remembered while unanswered (a server that never answers must not grow the list). */
const MAX_UNANSWERED_UPDATES = 64;

interface Formats {
  input?: AudioFormat;
  output?: AudioFormat;
}

/** The formats a session (sent or confirmed) names; absent when it does not name them. */
function formatsOf(session: { audio?: unknown } | null | undefined): Formats {
  const audio = (session?.audio ?? {}) as { input?: { format?: AudioFormat }; output?: { format?: AudioFormat } };
  return { input: audio.input?.format, output: audio.output?.format };
}

export class AudioFormatState {
  private confirmed: Formats = {};
  /** Updates sent that set the input format and have no answer yet, oldest first, with that format. */
  private readonly unanswered = new Map<string, AudioFormat>();
  /** Updates sent, oldest first: the server answers them in order. */
  private readonly sentIds: string[] = [];

  /** A `session.update` went out (with the `event_id` the transport gave it). */
  sent(event: SessionUpdate): void {
    const id = event.event_id ?? '';
    this.sentIds.push(id);
    if (this.sentIds.length > MAX_UNANSWERED_UPDATES) this.answered(this.sentIds[0]);
    const input = formatsOf(event.session).input;
    if (input) this.unanswered.set(id, input);
  }

  /** `session.created` (not an answer to anything) or `session.updated` (answers the oldest update). */
  confirm(session: ServerSession, answersUpdate: boolean): void {
    const named = formatsOf(session);
    this.confirmed = { input: named.input ?? this.confirmed.input, output: named.output ?? this.confirmed.output };
    if (answersUpdate) this.answered(this.sentIds[0]);
  }

  /** An `error` event: when it refuses one of our updates, that update is answered. */
  refused(eventId: string | null | undefined): void {
    if (eventId && this.sentIds.includes(eventId)) this.answered(eventId);
  }

  /** The format the server reads our next append in; `requested` before anything is known. */
  input(requested?: AudioFormat): AudioFormat | undefined {
    let pending: AudioFormat | undefined;
    for (const format of Array.from(this.unanswered.values())) pending = format;
    return pending ?? this.confirmed.input ?? requested;
  }

  /** The format of the server's audio deltas and retrieved items. */
  output(requested?: AudioFormat): AudioFormat | undefined {
    return this.confirmed.output ?? requested;
  }

  /** A new connection starts from nothing confirmed. */
  reset(): void {
    this.confirmed = {};
    this.unanswered.clear();
    this.sentIds.length = 0;
  }

  private answered(id: string | undefined): void {
    if (id === undefined) return;
    const index = this.sentIds.indexOf(id);
    if (index >= 0) this.sentIds.splice(index, 1);
    this.unanswered.delete(id);
  }
}
