// The bench's settings and the frames it sends: one place for the roles and the browsers.
import type { RawData } from 'ws';

export const SESSIONS = intEnv('BENCH_SESSIONS', 100);
export const SECONDS = intEnv('BENCH_SECONDS', 10);
export const SAT_SECONDS = intEnv('BENCH_SAT_SECONDS', 3);
/** 30 ms: the console's recorder chunk (24000 × 0.03 samples). */
export const CHUNK_MS = intEnv('BENCH_CHUNK_MS', 30);
export const WINDOW = intEnv('BENCH_WINDOW', 8);
export const WARMUP_MS = 500;
/** Sequential round trips of one chunk (unloaded latency), split over the rounds. */
export const PING_COUNT = intEnv('BENCH_PINGS', 2000);
export const SAMPLE_RATE = 24_000;
export const CHUNK_SAMPLES = (SAMPLE_RATE * CHUNK_MS) / 1000;

export function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export const now = () => process.hrtime.bigint();

/** One chunk of a 440 Hz tone as base64 PCM16, the payload every message carries. */
export function audioChunkBase64(): string {
  const pcm = new Int16Array(CHUNK_SAMPLES);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE) * 8000);
  return Buffer.from(pcm.buffer).toString('base64');
}
export const AUDIO = audioChunkBase64();

export const appendFrame = (id: string) => `{"type":"input_audio_buffer.append","event_id":"${id}","audio":"${AUDIO}"}`;
export const deltaFrame = (id: string) =>
  `{"type":"response.output_audio.delta","event_id":"${id}","response_id":"resp_bench","item_id":"item_bench","output_index":0,"content_index":0,"delta":"${AUDIO}"}`;

/** The send time (ns) carried in `"event_id":"t<ns>"`, read from the frame's first bytes only. */
export function sentAt(data: RawData): bigint | null {
  const head = (data as Buffer).toString('latin1', 0, 120);
  const match = /"event_id":"[te](\d+)"/.exec(head);
  return match ? BigInt(match[1]) : null;
}
export const isEcho = (data: RawData) => (data as Buffer).toString('latin1', 0, 120).includes('"event_id":"e');
