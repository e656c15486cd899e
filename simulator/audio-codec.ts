// The session's audio formats: PCM16 at 24 kHz, or G.711 µ-law / A-law at 8 kHz.
import type { RealtimeAudioFormats } from 'openai/resources/realtime/realtime';

export const PCM_RATE = 24000;
export const G711_RATE = 8000;

export type FormatType = 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';

export function formatType(format: RealtimeAudioFormats | undefined): FormatType {
  return (format?.type as FormatType | undefined) ?? 'audio/pcm';
}

/** Input bytes per ms of audio for a format. */
export function bytesPerMs(format: RealtimeAudioFormats | undefined): number {
  return formatType(format) === 'audio/pcm' ? (PCM_RATE * 2) / 1000 : G711_RATE / 1000;
}

function muLawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

function aLawDecode(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return sign ? magnitude : -magnitude;
}

function muLawEncode(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(CLIP, Math.abs(sample)) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

function aLawEncode(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  let magnitude = Math.min(32767, Math.abs(sample)) >> 3;
  let exponent = 0;
  if (magnitude >= 32) {
    exponent = 1;
    while (magnitude >= 64 && exponent < 7) {
      magnitude >>= 1;
      exponent++;
    }
    magnitude >>= 1;
  } else {
    magnitude >>= 1;
  }
  return ((sign | (exponent << 4) | (magnitude & 0x0f)) ^ 0x55) & 0xff;
}

/** Decodes input bytes to PCM16 at 24 kHz (G.711 is upsampled by sample repetition: fine for VAD). */
export function decodeInputAudio(bytes: Uint8Array, format: RealtimeAudioFormats | undefined): Int16Array {
  const type = formatType(format);
  if (type === 'audio/pcm') {
    const count = Math.floor(bytes.length / 2);
    const out = new Int16Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
    for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
    return out;
  }
  const decode = type === 'audio/pcmu' ? muLawDecode : aLawDecode;
  const factor = PCM_RATE / G711_RATE;
  const out = new Int16Array(bytes.length * factor);
  for (let i = 0; i < bytes.length; i++) out.fill(decode(bytes[i]), i * factor, (i + 1) * factor);
  return out;
}

/** Encodes 24 kHz PCM16 into the session's output format, base64. */
export function encodeOutputAudio(samples: Int16Array, format: RealtimeAudioFormats | undefined): string {
  const type = formatType(format);
  if (type === 'audio/pcm') {
    const bytes = Buffer.alloc(samples.length * 2);
    for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i], i * 2);
    return bytes.toString('base64');
  }
  const encode = type === 'audio/pcmu' ? muLawEncode : aLawEncode;
  const factor = PCM_RATE / G711_RATE;
  const out = Buffer.alloc(Math.floor(samples.length / factor));
  for (let i = 0; i < out.length; i++) out[i] = encode(samples[i * factor]);
  return out.toString('base64');
}
