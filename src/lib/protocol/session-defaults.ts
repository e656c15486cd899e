// The session defaults, written once: the client's initial session, the settings panel's initial
// values and the simulator's `session.created` all take them from here.
import type { RealtimeAudioFormats } from 'openai/resources/realtime/realtime';

// The dated model list decides the model (models.ts).
export { DEFAULT_MODEL } from './models';

/** Base URL of the Realtime API (the model goes in `?model=`). */
export const DEFAULT_REALTIME_URL = 'wss://api.openai.com/v1/realtime';

/** The voice the console, the client and the simulator ask for unless told otherwise. */
export const DEFAULT_VOICE = 'marin';

/** PCM16 at 24 kHz, the only `audio/pcm` rate the API supports. Spread it: it is shared. */
export const PCM_24K_FORMAT: Readonly<RealtimeAudioFormats.AudioPCM> = Object.freeze({ type: 'audio/pcm', rate: 24000 });

/** The transcription model the client and the panel start with. */
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';

/**
 * What the API fills in for a `server_vad` turn detection that leaves fields out, as the
 * `openai` package documents them (RealtimeSession.ServerVad in
 * node_modules/openai/resources/realtime/realtime.d.ts): threshold "defaults to 0.5",
 * prefix_padding_ms "Defaults to 300ms", silence_duration_ms "Defaults to 500ms"; no idle
 * timeout, and `create_response` / `interrupt_response` true. The panel starts from these and
 * the simulator reports them, so both show what the real server would do.
 */
export const SERVER_VAD_DEFAULTS = Object.freeze({
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: 500,
  idle_timeout_ms: null,
  create_response: true,
  interrupt_response: true,
} as const);
