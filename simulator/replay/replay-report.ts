// What a replay found, per connection: which turns matched, where the new client diverged (turn,
// expected vs got, the first differing field), and how far it got. One JSON file for all the
// connections of a run (`--replay-report FILE`), rewritten as each connection changes, so a test
// runner can read it while the simulator still runs.
import { writeFileSync, renameSync } from 'node:fs';
import { preview, type FieldDifference } from './client-match';

export type DivergenceKind =
  /** The event is the expected type but a field differs. */
  | 'field'
  /** Another type than the recording's next client event. */
  | 'type'
  /** Skipped over while resynchronising (`continue` mode). */
  | 'missing'
  /** Sent after the recording's last client event. */
  | 'extra'
  /** Quiet where the recorded client spoke (between a recorded speech_started and speech_stopped). */
  | 'audio'
  /** The client's input audio stopped short of where a recorded VAD event was (expected and got in ms). */
  | 'timeout';

export interface Divergence {
  kind: DivergenceKind;
  /** The recording's turn (1-based) the event was compared with; for `extra`, turns + 1; for `audio` and `timeout`, the last turn matched before it (0: none). */
  turn: number;
  expectedType: string | null;
  gotType: string | null;
  path: string | null;
  expected: unknown;
  got: unknown;
  /** Milliseconds after the connection opened. */
  atMs: number;
  /** `timeout`: how long the client's audio had stalled. */
  waitedMs?: number;
}

/**
 * What the replayed client hears of the model: the recorded audio; speech synthesised from the
 * transcripts (a WebRTC call replaying a recording without audio bytes, media-output.ts); the
 * silence of a trimmed export's length (WebSocket); or none (no audio recorded, or a WebRTC
 * recording replayed over a WebSocket).
 */
export type ModelAudio = 'recorded' | 'synthesised' | 'silence' | 'none';

export interface ConnectionReport {
  connection: number;
  recording: string;
  transport: 'websocket' | 'webrtc';
  modelAudio: ModelAudio;
  speed: number;
  mode: ReplayMode;
  startedAt: string;
  endedAt: string | null;
  turns: number;
  /** Client events that matched their turn. */
  matched: number;
  /** Client events that did not (all kinds). */
  diverged: number;
  serverEventsTotal: number;
  serverEventsSent: number;
  /** Every turn matched and every server event was sent. */
  complete: boolean;
  /** The turn the replay was waiting for when it ended, if any. */
  waitingFor: { turn: number; type: string } | null;
  stoppedAt: Divergence | null;
  divergences: Divergence[];
}

/** `stop`: the first divergence ends the replay; `continue`: it is reported and the replay goes on. */
export type ReplayMode = 'stop' | 'continue';

/** Most divergences kept per connection (the counts go on). */
export const MAX_DIVERGENCES = 100;

export function divergenceFrom(kind: DivergenceKind, turn: number, expectedType: string | null, gotType: string | null, difference: FieldDifference | null, atMs: number): Divergence {
  return { kind, turn, expectedType, gotType, path: difference?.path ?? null, expected: difference?.expected, got: difference?.got, atMs };
}

/** One line a person reads: the log line and the `error` event's message. */
export function describeDivergence(d: Divergence, recording: string): string {
  const head = d.kind === 'audio' || d.kind === 'timeout' ? `replay of ${recording} diverged in the input audio after turn ${d.turn}` : `replay of ${recording} diverged at turn ${d.turn}`;
  switch (d.kind) {
    case 'type':
      return `${head}: expected ${d.expectedType}, got ${d.gotType}`;
    case 'field':
      return `${head} (${d.expectedType}): ${d.path} expected ${preview(d.expected)}, got ${preview(d.got)}`;
    case 'missing':
      return `${head}: the client skipped ${d.expectedType}`;
    case 'extra':
      return `${head}: ${d.gotType} came after the recording's last client event`;
    case 'audio':
      return `${head}: ${d.path}: the recorded client's speech peaked at ${preview(d.expected)} dBFS, the new client's audio at ${preview(d.got)} dBFS`;
    case 'timeout':
      return `${head}: ${d.expectedType} came when the recorded client had sent ${preview(d.expected)} ms of input audio; the new client sent ${preview(d.got)} ms, then nothing for ${d.waitedMs ?? '?'} ms`;
  }
}

/** Collects the reports of all connections and keeps the file, when there is one, up to date. */
export class ReplayReportFile {
  private readonly reports: ConnectionReport[] = [];
  private nextConnection = 1;

  constructor(private readonly path: string | undefined, private readonly log: (line: string) => void) {}

  open(report: Omit<ConnectionReport, 'connection'>): ConnectionReport {
    const full = { connection: this.nextConnection++, ...report };
    this.reports.push(full);
    this.write();
    return full;
  }

  all(): readonly ConnectionReport[] {
    return this.reports;
  }

  /** Rewrites the file (atomically: a reader never sees half of it). */
  write(): void {
    if (!this.path) return;
    const temporary = `${this.path}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify({ connections: this.reports }, null, 2)}\n`);
      renameSync(temporary, this.path);
    } catch (error) {
      this.log(`simulator: replay report not written to ${this.path}: ${(error as Error).message}`);
    }
  }
}
