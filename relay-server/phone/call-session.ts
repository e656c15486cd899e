// The session a phone call runs: G.711 µ-law in and out (`audio/pcmu` is Twilio's
// `audio/x-mulaw` at 8 kHz, so payloads cross untouched), server VAD so the caller can barge
// in, input transcription for the console's transcript, and the server-side tools.
import type { SessionPatch } from '../../src/lib/protocol/session-patch';
import { DEFAULT_TRANSCRIPTION_MODEL } from '../../src/lib/protocol/session-defaults';
import { isRecord } from '../../src/lib/shared/json';
import { RELAY_TOOLS } from '../relay-tools';

export const CALL_AUDIO_FORMAT = { type: 'audio/pcmu' } as const;

export function callSession(instructions: string, voice: string): SessionPatch {
  return {
    type: 'realtime',
    instructions,
    audio: {
      input: { format: CALL_AUDIO_FORMAT, turn_detection: { type: 'server_vad' }, transcription: { model: DEFAULT_TRANSCRIPTION_MODEL } },
      output: { format: CALL_AUDIO_FORMAT, voice },
    },
    tools: [...RELAY_TOOLS],
    tool_choice: 'auto',
  };
}

/**
 * A console's `session.update` for a call, with the wire format pinned: the phone line carries
 * µ-law only, so a format change would garble the call rather than change it.
 */
export function pinCallFormats(session: Record<string, unknown>): Record<string, unknown> {
  const audio = isRecord(session.audio) ? session.audio : {};
  const input = isRecord(audio.input) ? audio.input : {};
  const output = isRecord(audio.output) ? audio.output : {};
  return {
    ...session,
    type: 'realtime',
    audio: { ...audio, input: { ...input, format: CALL_AUDIO_FORMAT }, output: { ...output, format: CALL_AUDIO_FORMAT } },
  };
}
