// Where the audio formats in force are read, so every byte is encoded, decoded and counted in
// the right one. Which formats are in force is decided in session-in-force.ts.
import type { AudioFormat } from '../audio-codec/audio-format';

/** Where the conversation reads the formats in force (absent: `audio/pcm`, the API default). */
export interface AudioFormatSource {
  input(): AudioFormat | undefined;
  output(): AudioFormat | undefined;
}

/** No formats known: everything is `audio/pcm` (a conversation used without a client). */
export const PCM_ONLY: AudioFormatSource = { input: () => undefined, output: () => undefined };

export interface Formats {
  input?: AudioFormat;
  output?: AudioFormat;
}

/** The formats a session (sent or confirmed) names; absent when it does not name them. */
export function formatsOf(session: { audio?: unknown } | null | undefined): Formats {
  const audio = (session?.audio ?? {}) as { input?: { format?: AudioFormat }; output?: { format?: AudioFormat } };
  return { input: audio.input?.format, output: audio.output?.format };
}
