// A Realtime recording as the event log's JSONL export writes it, of any length: push-to-talk
// turns (20 ms microphone chunks, an answer of transcript and 20 ms audio deltas, response.done
// with usage, rate limits), for the open-recording bench and the tests of opening a file.
// `loud` gives each turn's audio its own non-zero samples (so a test sees audio go to the right
// item); `seamAfterTurn` puts a Reconnect with history there (the console's '(history carried)'
// record and a new session that receives the last turn's items).
import { int16ToBase64 } from '../../audio-codec/pcm';
import { HISTORY_CARRIED_TYPE } from '../console-records';

const SILENCE_BASE64 = 'AAAA'.repeat(320); // 960 bytes: 20 ms of 24 kHz PCM16

export interface RecordingLinesOptions {
  loud?: boolean;
  seamAfterTurn?: number;
  /** Lines that are not JSON, at these indexes (the reader reports them as problems). */
  garbledAt?: readonly number[];
}

export function recordingLines(count: number, options: RecordingLinesOptions = {}): string[] {
  const lines: string[] = [];
  let time = Date.UTC(2026, 11, 1, 1, 0, 0);
  const push = (source: 'client' | 'server' | 'console', event: Record<string, unknown>, stepMs = 20) => {
    if (options.garbledAt?.includes(lines.length)) lines.push('{"time": not json');
    if (lines.length < count) lines.push(JSON.stringify({ time: new Date((time += stepMs)).toISOString(), source, event }));
  };
  const chunk = (turn: number, n: number) => (options.loud ? int16ToBase64(new Int16Array(480).fill(((turn * 97 + n) % 2000) + 1)) : SILENCE_BASE64);
  const session = (id: string) => push('server', { type: 'session.created', session: { type: 'realtime', id, model: 'gpt-realtime-2.1', expires_at: 1_900_000_000 } });
  session('sess_bench');
  for (let turn = 0; lines.length < count; turn++) {
    const user = `item_user_${turn}`;
    const answer = `item_answer_${turn}`;
    const response = `resp_${turn}`;
    for (let i = 0; i < 50; i++) push('client', { type: 'input_audio_buffer.append', audio: chunk(turn, i) });
    push('client', { type: 'input_audio_buffer.commit' }, 5);
    push('server', { type: 'input_audio_buffer.committed', previous_item_id: null, item_id: user }, 30);
    push('server', { type: 'conversation.item.added', item: { id: user, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] } }, 1);
    push('client', { type: 'response.create' }, 1);
    push('server', { type: 'response.created', response: { id: response, object: 'realtime.response', status: 'in_progress', output: [] } }, 40);
    push('server', { type: 'response.output_item.added', response_id: response, output_index: 0, item: { id: answer, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] } }, 5);
    for (let b = 0; b < 10; b++) {
      push('server', { type: 'response.output_audio_transcript.delta', response_id: response, item_id: answer, output_index: 0, content_index: 0, delta: `word${b} ` }, 10);
      for (let i = 0; i < 4; i++) push('server', { type: 'response.output_audio.delta', response_id: response, item_id: answer, output_index: 0, content_index: 0, delta: chunk(turn, 100 + b * 4 + i) }, 5);
    }
    const usage = { total_tokens: 600, input_tokens: 400, output_tokens: 200, input_token_details: { text_tokens: 100, audio_tokens: 300, image_tokens: 0, cached_tokens: 64, cached_tokens_details: { text_tokens: 64, audio_tokens: 0, image_tokens: 0 } }, output_token_details: { text_tokens: 20, audio_tokens: 180 } };
    push('server', { type: 'response.done', response: { id: response, object: 'realtime.response', status: 'completed', output: [], usage } }, 5);
    push('server', { type: 'rate_limits.updated', rate_limits: [{ name: 'tokens', limit: 40000, remaining: 39000, reset_seconds: 1.5 }] }, 1);
    if (turn === options.seamAfterTurn) {
      push('console', { type: '(disconnected)', code: 1012, reason: 'relay: restarting' });
      push('console', { type: HISTORY_CARRIED_TYPE, items: 2, characters: 80, skipped: { no_output: 1 }, first_item_id: user, last_item_id: answer });
      session('sess_next');
      for (const [id, role, text] of [[user, 'user', '[audio without transcript]'], [answer, 'assistant', 'word0 word1']] as const) {
        push('client', { type: 'conversation.item.create', item: { id, type: 'message', role, content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }] } });
        push('server', { type: 'conversation.item.added', item: { id, object: 'realtime.item', type: 'message', status: 'completed', role, content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }] } }, 1);
      }
    }
  }
  return lines;
}
