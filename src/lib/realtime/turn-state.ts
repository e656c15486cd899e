// How turns go right now: manual, server VAD or semantic VAD, and whether speech interrupts the
// response. The server's confirmed session governs, not the one we asked for (a relay can hold
// turn detection; an update can be refused). But the server applies events in order: once a
// `session.update` naming `turn_detection` has gone out, what we send after it (a commit) meets
// the new mode even before `session.updated` answers (on connect, `session.created` brings the
// server's default, server VAD, while our update is still queued). So: the mode last sent while
// unanswered, else the confirmed one, else the one asked for. The same reasoning as audio-formats.ts.
import type { ClientEvent, ServerSession } from '../protocol/protocol-types';
import { turnSettingsOf, type TurnSettings } from './session-config';

type SessionUpdate = Extract<ClientEvent, { type: 'session.update' }>;

/** Updates remembered while unanswered (a server that never answers must not grow the list). */
const MAX_UNANSWERED_UPDATES = 64;

export class TurnState {
  private confirmed: TurnSettings | null = null;
  /** Updates sent and not answered yet, oldest first; `turn` when they set turn detection. */
  private readonly unanswered: Array<{ id: string; turn?: TurnSettings }> = [];

  /** A `session.update` went out (with the `event_id` the transport gave it). */
  sent(event: SessionUpdate): void {
    const input = event.session.audio?.input;
    const setsTurn = input !== undefined && 'turn_detection' in input;
    this.unanswered.push({ id: event.event_id ?? '', turn: setsTurn ? turnSettingsOf(event.session) : undefined });
    if (this.unanswered.length > MAX_UNANSWERED_UPDATES) this.unanswered.shift();
  }

  /** `session.created` (answers nothing) or `session.updated` (answers the oldest update). */
  confirm(session: ServerSession, answersUpdate: boolean): void {
    this.confirmed = turnSettingsOf(session);
    if (answersUpdate) this.unanswered.shift();
  }

  /** An `error` that refuses one of our updates answers it. */
  refused(eventId: string | null | undefined): void {
    const index = eventId ? this.unanswered.findIndex((u) => u.id === eventId) : -1;
    if (index >= 0) this.unanswered.splice(index, 1);
  }

  /** The mode our next event meets at the server. */
  current(requested: TurnSettings): TurnSettings {
    for (let i = this.unanswered.length - 1; i >= 0; i--) {
      const turn = this.unanswered[i].turn;
      if (turn) return turn;
    }
    return this.confirmed ?? requested;
  }

  /** A new connection starts from nothing confirmed. */
  reset(): void {
    this.confirmed = null;
    this.unanswered.length = 0;
  }
}
