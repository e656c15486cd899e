// Input audio for tests that drive a client against the simulator: 24 kHz PCM16 as a recorder
// hands it over (a 220 Hz tone between stretches of silence, which the simulator's VAD hears as
// speech), delivered in chunks as the microphone does. The client's simulator audit and the
// server-event scenes (scripts/server-event-scenes.ts) both play their turns with it.

/** The client's PCM rate. */
export const TEST_SAMPLE_RATE = 24_000;

export const samplesOf = (ms: number): number => Math.round((ms * TEST_SAMPLE_RATE) / 1000);

/** A 220 Hz tone between stretches of silence, 24 kHz PCM16. */
export function toneBurst(silenceBeforeMs: number, toneMs: number, silenceAfterMs: number): Int16Array {
  const out = new Int16Array(samplesOf(silenceBeforeMs + toneMs + silenceAfterMs));
  const start = samplesOf(silenceBeforeMs);
  for (let i = 0; i < samplesOf(toneMs); i++) out[start + i] = Math.round(0.6 * 32767 * Math.sin((2 * Math.PI * 220 * i) / TEST_SAMPLE_RATE));
  return out;
}

/** Appends `audio` in `chunkMs` pieces, as a microphone delivers it. */
export function appendInChunks(client: { appendInputAudio(audio: Int16Array): void }, audio: Int16Array, chunkMs = 30): void {
  const step = samplesOf(chunkMs);
  for (let i = 0; i < audio.length; i += step) client.appendInputAudio(audio.subarray(i, i + step));
}
