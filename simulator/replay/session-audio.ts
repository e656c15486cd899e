// The audio settings in force at a point of a replayed session: the input and output formats and
// the turn detection, learnt from the session events as they pass (the client's `session.update`
// takes effect when the server reads it, so appends after it are in its format; the server's
// `session.created` / `session.updated` say what is in force). The recording and the new client
// go through the same rules, so both sides' audio is measured on the same clock.
import type { AudioFormat } from '../../src/lib/audio-codec/audio-format';
import { isRecord } from '../../src/lib/shared/json';
import { vadParams, type VadParams } from '../vad';
import type { TurnDetection } from '../session';

const SESSION_EVENTS = new Set(['session.update', 'session.created', 'session.updated']);
const FORMAT_TYPES = new Set(['audio/pcm', 'audio/pcmu', 'audio/pcma']);

export class SessionAudio {
  input: AudioFormat | undefined;
  output: AudioFormat | undefined;
  /** The session's turn detection; undefined until a session event says. */
  private detection: TurnDetection | null | undefined;
  voice: string | undefined;

  /** Takes what a session event says about audio; other events are ignored. */
  observe(event: { type: string; session?: unknown }): void {
    if (!SESSION_EVENTS.has(event.type) || !isRecord(event.session) || !isRecord(event.session.audio)) return;
    const { input, output } = event.session.audio;
    if (isRecord(input)) {
      this.input = formatOf(input.format) ?? this.input;
      if (input.turn_detection === null) this.detection = null;
      else if (isRecord(input.turn_detection) && (input.turn_detection.type === 'server_vad' || input.turn_detection.type === 'semantic_vad')) {
        this.detection = input.turn_detection as unknown as TurnDetection;
      }
    }
    if (isRecord(output)) {
      this.output = formatOf(output.format) ?? this.output;
      if (typeof output.voice === 'string') this.voice = output.voice;
    }
  }

  /**
   * The VAD's thresholds and paddings: the session's, or server_vad's defaults when the recording
   * never said (the API's default turn detection).
   */
  vad(): VadParams {
    return vadParams(this.detection ?? { type: 'server_vad' });
  }

  /** False once the session has turned detection off (`turn_detection: null`). */
  get interruptsOnSpeech(): boolean {
    if (this.detection === null) return false;
    return (this.detection as { interrupt_response?: boolean } | undefined)?.interrupt_response !== false;
  }
}

function formatOf(value: unknown): AudioFormat | undefined {
  if (!isRecord(value) || typeof value.type !== 'string' || !FORMAT_TYPES.has(value.type)) return undefined;
  return value as unknown as AudioFormat;
}
