// The Realtime API's audio formats as numbers: which rate, how many bytes a sample, how long a
// run of bytes lasts. `audio/pcm` is PCM16 little-endian at its `rate` (only 24 kHz exists);
// `audio/pcmu` (µ-law) and `audio/pcma` (A-law) are G.711: 8 kHz, one byte a sample. Every
// duration, offset and truncation point on the wire depends on these, never on 24 kHz alone.
import type { RealtimeAudioFormats } from 'openai/resources/realtime/realtime';

export type AudioFormat = RealtimeAudioFormats;
export type AudioFormatType = 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';

/** The rate of `audio/pcm` when the format does not say (the only one the API supports). */
export const PCM_FORMAT_RATE = 24000;
/** G.711 is defined at 8 kHz. */
export const G711_RATE = 8000;

/** The format's type; an absent format or type means `audio/pcm`, as the API defaults. */
export function audioFormatType(format: AudioFormat | null | undefined): AudioFormatType {
  return format?.type ?? 'audio/pcm';
}

export function isG711(format: AudioFormat | null | undefined): boolean {
  return audioFormatType(format) !== 'audio/pcm';
}

/** Samples per second on the wire. */
export function formatSampleRate(format: AudioFormat | null | undefined): number {
  if (isG711(format)) return G711_RATE;
  return (format as RealtimeAudioFormats.AudioPCM | null | undefined)?.rate ?? PCM_FORMAT_RATE;
}

/** Bytes per sample on the wire: 2 for PCM16, 1 for G.711. */
export function formatBytesPerSample(format: AudioFormat | null | undefined): 1 | 2 {
  return isG711(format) ? 1 : 2;
}

/** Bytes per millisecond on the wire (48 for 24 kHz PCM16, 8 for G.711). */
export function formatBytesPerMs(format: AudioFormat | null | undefined): number {
  return (formatSampleRate(format) * formatBytesPerSample(format)) / 1000;
}

/** How long `byteCount` bytes of this format play, in ms. */
export function bytesToMs(byteCount: number, format: AudioFormat | null | undefined): number {
  return byteCount / formatBytesPerMs(format);
}

/** Whole samples' worth of bytes for `ms` of this format (rounded down). */
export function msToBytes(ms: number, format: AudioFormat | null | undefined): number {
  return Math.floor((ms * formatSampleRate(format)) / 1000) * formatBytesPerSample(format);
}

/** Whether two formats put the same bytes on the wire. */
export function sameAudioFormat(a: AudioFormat | null | undefined, b: AudioFormat | null | undefined): boolean {
  return audioFormatType(a) === audioFormatType(b) && formatSampleRate(a) === formatSampleRate(b);
}
