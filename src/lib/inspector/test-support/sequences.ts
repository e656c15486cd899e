// Hand-built event sequences for the inspector's tests: each helper returns records at the
// given times, shaped as the GA protocol sends them.
import type { InspectorRecord } from '../records';

export const client = (time: number, event: Record<string, unknown>): InspectorRecord => ({ time, source: 'client', event });
export const server = (time: number, event: Record<string, unknown>): InspectorRecord => ({ time, source: 'server', event });

export function usage(fields: {
  text?: number;
  audio?: number;
  image?: number;
  cachedText?: number;
  cachedAudio?: number;
  cachedImage?: number;
  textOut?: number;
  audioOut?: number;
}): Record<string, unknown> {
  const text = fields.text ?? 0;
  const audio = fields.audio ?? 0;
  const image = fields.image ?? 0;
  const cached = (fields.cachedText ?? 0) + (fields.cachedAudio ?? 0) + (fields.cachedImage ?? 0);
  const input = text + audio + image;
  const output = (fields.textOut ?? 0) + (fields.audioOut ?? 0);
  return {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    input_token_details: {
      text_tokens: text,
      audio_tokens: audio,
      image_tokens: image,
      cached_tokens: cached,
      cached_tokens_details: { text_tokens: fields.cachedText ?? 0, audio_tokens: fields.cachedAudio ?? 0, image_tokens: fields.cachedImage ?? 0 },
    },
    output_token_details: { text_tokens: fields.textOut ?? 0, audio_tokens: fields.audioOut ?? 0 },
  };
}

/** A spoken answer to response `id`: created, a transcript delta, audio deltas, done. */
export function spokenAnswer(id: string, at: { created: number; text: number; audio: number; done: number }, status = 'completed', used?: Record<string, unknown>): InspectorRecord[] {
  return [
    server(at.created, { type: 'response.created', response: { id, object: 'realtime.response', status: 'in_progress', conversation_id: 'conv_1' } }),
    server(at.text, { type: 'response.output_audio_transcript.delta', response_id: id, item_id: `item_${id}`, output_index: 0, content_index: 0, delta: 'Hi' }),
    server(at.audio, { type: 'response.output_audio.delta', response_id: id, item_id: `item_${id}`, output_index: 0, content_index: 0, delta: 'AAAA' }),
    server(at.audio + 20, { type: 'response.output_audio.delta', response_id: id, item_id: `item_${id}`, output_index: 0, content_index: 0, delta: 'AAAA' }),
    server(at.done, { type: 'response.done', response: { id, object: 'realtime.response', status, ...(used ? { usage: used } : {}) } }),
  ];
}

export function session(time: number, model: string, transcriptionModel?: string): InspectorRecord {
  const audio = transcriptionModel ? { input: { transcription: { model: transcriptionModel } } } : undefined;
  return server(time, { type: 'session.created', session: { type: 'realtime', id: 'sess_1', model, expires_at: 1_900_000_000, ...(audio ? { audio } : {}) } });
}
