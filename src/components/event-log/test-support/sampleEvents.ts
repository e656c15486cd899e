// A realistic GA event stream for tests and the benchmark: each turn streams microphone audio,
// gets a transcript, then a spoken answer whose audio and transcript deltas arrive in bursts.
// Not imported by the app.
import type { LoggableEvent } from '../eventLogStore';

export interface SampleStreamOptions {
  /** Audio bytes per base64 chunk (4800 = 100 ms of 24 kHz PCM16). */
  audioChunkBytes?: number;
  /** Microphone chunks sent per turn. */
  appendsPerTurn?: number;
  /** Audio deltas in each burst, followed by one transcript delta. */
  audioDeltasPerBurst?: number;
  /** Bursts per answer. */
  burstsPerAnswer?: number;
  /** Milliseconds between events. */
  stepMs?: number;
  startTime?: number;
}

/** Base64 of `bytes` bytes (content irrelevant, length exact). */
export function fakeBase64Audio(bytes: number): string {
  const padding = (3 - (bytes % 3)) % 3;
  return 'A'.repeat(Math.ceil(bytes / 3) * 4 - padding) + '='.repeat(padding);
}

/** Events of one conversation, `count` of them (the last turn is cut where the count ends). */
export function sampleEventStream(count: number, options: SampleStreamOptions = {}): LoggableEvent[] {
  const audio = fakeBase64Audio(options.audioChunkBytes ?? 4800);
  const appends = options.appendsPerTurn ?? 20;
  const burst = options.audioDeltasPerBurst ?? 4;
  const bursts = options.burstsPerAnswer ?? 10;
  const step = options.stepMs ?? 5;
  let time = options.startTime ?? Date.UTC(2026, 0, 1, 12, 0, 0);
  const out: LoggableEvent[] = [];
  let id = 0;
  const eventId = () => `event_${++id}`;
  const push = (source: LoggableEvent['source'], event: Record<string, unknown>) => {
    if (out.length < count) out.push({ time: (time += step), source, event });
  };

  for (let turn = 0; out.length < count; turn++) {
    const userItem = `item_user_${turn}`;
    const answerItem = `item_answer_${turn}`;
    const responseId = `resp_${turn}`;
    for (let i = 0; i < appends; i++) push('client', { event_id: eventId(), type: 'input_audio_buffer.append', audio });
    push('client', { event_id: eventId(), type: 'input_audio_buffer.commit' });
    push('server', { event_id: eventId(), type: 'input_audio_buffer.committed', previous_item_id: null, item_id: userItem });
    push('server', { event_id: eventId(), type: 'conversation.item.input_audio_transcription.delta', item_id: userItem, content_index: 0, delta: 'What is the ' });
    push('server', { event_id: eventId(), type: 'conversation.item.input_audio_transcription.delta', item_id: userItem, content_index: 0, delta: `weather in Paris, turn ${turn}?` });
    push('client', { event_id: eventId(), type: 'response.create' });
    push('server', { event_id: eventId(), type: 'response.output_item.added', response_id: responseId, output_index: 0, item: { id: answerItem, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    for (let b = 0; b < bursts; b++) {
      for (let i = 0; i < burst; i++) {
        push('server', { event_id: eventId(), type: 'response.output_audio.delta', response_id: responseId, item_id: answerItem, output_index: 0, content_index: 0, delta: audio });
      }
      push('server', { event_id: eventId(), type: 'response.output_audio_transcript.delta', response_id: responseId, item_id: answerItem, output_index: 0, content_index: 0, delta: `word${b} ` });
    }
    push('server', { event_id: eventId(), type: 'response.output_audio.done', response_id: responseId, item_id: answerItem, output_index: 0, content_index: 0 });
  }
  return out;
}
