// GPT-Live sends transcripts as timed fragments (`start_ms`/`end_ms` on the session clock) with
// no "done" event and no turns. This groups them into readable turns per lane: a fragment joins
// the lane's last turn unless silence of more than `gapMs` separates them. Both lanes run at
// once, so a user turn and an assistant turn may overlap in time (a barge-in). Pure: no socket.

export type Lane = 'user' | 'assistant';

export interface TranscriptTurn {
  lane: Lane;
  startMs: number;
  endMs: number;
  text: string;
  /** Fragments folded in, in delivery order. */
  fragments: number;
}

export interface TimedFragment {
  delta: string;
  start_ms: number;
  end_ms: number;
}

/** Silence that ends a turn; Live's own turn taking is not visible on the wire. */
export const DEFAULT_TURN_GAP_MS = 700;

export class TranscriptGrouper {
  private readonly turns: TranscriptTurn[] = [];
  private readonly last: Record<Lane, TranscriptTurn | null> = { user: null, assistant: null };

  constructor(private readonly gapMs = DEFAULT_TURN_GAP_MS) {}

  /** Adds a fragment; returns the turn it went into (new or extended). */
  add(lane: Lane, fragment: TimedFragment): TranscriptTurn {
    const current = this.last[lane];
    if (current && fragment.start_ms - current.endMs <= this.gapMs) {
      current.text += fragment.delta;
      current.endMs = Math.max(current.endMs, fragment.end_ms);
      current.fragments++;
      return current;
    }
    const turn: TranscriptTurn = { lane, startMs: fragment.start_ms, endMs: fragment.end_ms, text: fragment.delta.trimStart(), fragments: 1 };
    this.turns.push(turn);
    this.last[lane] = turn;
    return turn;
  }

  /** All turns in the order they started. */
  list(): readonly TranscriptTurn[] {
    return [...this.turns].sort((a, b) => a.startMs - b.startMs);
  }

  /** Pairs of turns from different lanes whose times overlap (barge-ins, back-channels). */
  overlaps(): Array<{ user: TranscriptTurn; assistant: TranscriptTurn; overlapMs: number }> {
    const out: Array<{ user: TranscriptTurn; assistant: TranscriptTurn; overlapMs: number }> = [];
    const users = this.turns.filter((t) => t.lane === 'user');
    for (const assistant of this.turns.filter((t) => t.lane === 'assistant')) {
      for (const user of users) {
        const overlapMs = Math.min(user.endMs, assistant.endMs) - Math.max(user.startMs, assistant.startMs);
        if (overlapMs > 0) out.push({ user, assistant, overlapMs });
      }
    }
    return out;
  }
}
