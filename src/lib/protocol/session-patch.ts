// The one shape of a session change: what the reference client's `updateSession` merges, what
// the settings panel produces and what the simulator applies from a `session.update`.
import type {
  AudioTranscription,
  RealtimeAudioConfigInput,
  RealtimeAudioConfigOutput,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';

/**
 * `audio.input` of a patch. `null` for `transcription` / `noise_reduction` turns them off: the
 * GA spec declares them nullable in a `session.update`, the `openai` package types do not (see
 * NULLABLE_ERRATA in scripts/protocol-schema-builder.ts).
 */
export type SessionInputPatch = Omit<RealtimeAudioConfigInput, 'transcription' | 'noise_reduction'> & {
  transcription?: AudioTranscription | null;
  noise_reduction?: RealtimeAudioConfigInput.NoiseReduction | null;
};

/** A GA `realtime` session, every field optional, with the nullable input fields above. */
export interface SessionPatch extends Partial<Omit<RealtimeSessionCreateRequest, 'audio' | 'type'>> {
  type?: 'realtime';
  audio?: {
    input?: SessionInputPatch;
    output?: RealtimeAudioConfigOutput;
  };
}
