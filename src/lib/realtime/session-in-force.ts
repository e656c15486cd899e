// The session the server applies to what we send next: turn detection (manual, server VAD,
// semantic VAD, whether speech interrupts) and the audio formats. The server's confirmed session
// (`session.created` / `session.updated`) governs, not the one we asked for: a relay can hold
// fields, an update can be refused. But the server applies events in order: once a
// `session.update` has gone out, what we send after it (an append, a commit) meets its values
// before `session.updated` answers (on connect, `session.created` brings the server's defaults
// while our update is still queued). So a field is the value the newest unanswered update set,
// else the confirmed one, else the one asked for. Output audio always follows the confirmed
// format: the server sends `session.updated` before any audio in a new format.
import type { ClientEvent, ServerSession } from '../protocol/protocol-types';
import type { AudioFormat } from '../audio-codec/audio-format';
import { formatsOf, type Formats } from './audio-formats';
import { turnSettingsOf, type TurnSettings } from './session-config';

type SessionUpdate = Extract<ClientEvent, { type: 'session.update' }>;

/** Updates remembered while unanswered (a server that never answers must not grow the list). */
const MAX_UNANSWERED_UPDATES = 64;

interface Unanswered {
  id: string;
  /** Set when the update names `turn_detection`. */
  turn?: TurnSettings;
  /** Set when the update names the input format. */
  inputFormat?: AudioFormat;
}

export class SessionInForce {
  private confirmedTurn: TurnSettings | null = null;
  private confirmedFormats: Formats = {};
  /** Updates sent and not answered yet, oldest first: the server answers them in order. */
  private readonly unanswered: Unanswered[] = [];

  /** A `session.update` went out (with the `event_id` the transport gave it). */
  sent(event: SessionUpdate): void {
    const input = event.session.audio?.input;
    const setsTurn = input !== undefined && 'turn_detection' in input;
    this.unanswered.push({ id: event.event_id ?? '', turn: setsTurn ? turnSettingsOf(event.session) : undefined, inputFormat: formatsOf(event.session).input });
    if (this.unanswered.length > MAX_UNANSWERED_UPDATES) this.unanswered.shift();
  }

  /** `session.created` (answers nothing) or `session.updated` (answers the oldest update). */
  confirm(session: ServerSession, answersUpdate: boolean): void {
    this.confirmedTurn = turnSettingsOf(session);
    const named = formatsOf(session);
    this.confirmedFormats = { input: named.input ?? this.confirmedFormats.input, output: named.output ?? this.confirmedFormats.output };
    if (answersUpdate) this.unanswered.shift();
  }

  /** An `error` that refuses one of our updates answers it; an error about another event changes nothing. */
  refused(eventId: string | null | undefined): void {
    const index = eventId ? this.unanswered.findIndex((u) => u.id === eventId) : -1;
    if (index >= 0) this.unanswered.splice(index, 1);
  }

  /** The turn mode our next event meets at the server; `requested` before anything is known. */
  turn(requested: TurnSettings): TurnSettings {
    return this.newestUnanswered((u) => u.turn) ?? this.confirmedTurn ?? requested;
  }

  /** The format the server reads our next append in. */
  inputFormat(requested?: AudioFormat): AudioFormat | undefined {
    return this.newestUnanswered((u) => u.inputFormat) ?? this.confirmedFormats.input ?? requested;
  }

  /** The format of the server's audio deltas and retrieved items. */
  outputFormat(requested?: AudioFormat): AudioFormat | undefined {
    return this.confirmedFormats.output ?? requested;
  }

  /** A new connection starts from nothing confirmed. */
  reset(): void {
    this.confirmedTurn = null;
    this.confirmedFormats = {};
    this.unanswered.length = 0;
  }

  private newestUnanswered<T>(pick: (update: Unanswered) => T | undefined): T | undefined {
    for (let i = this.unanswered.length - 1; i >= 0; i--) {
      const value = pick(this.unanswered[i]);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}
