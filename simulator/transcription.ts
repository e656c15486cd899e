// Input audio transcription events. The simulator does not recognise speech: the transcript
// is a deterministic placeholder that says how long the speech was.
import type { AudioTranscription } from 'openai/resources/realtime/realtime';
import type { Outbox } from './outbox';
import { Pacer, CancelledError } from './pacing';
import { makeId } from './ids';

/** Media time between transcription deltas. */
export const TRANSCRIPT_DELTA_INTERVAL_MS = 30;
export const AUDIO_MS_PER_INPUT_TOKEN = 100;

export function placeholderTranscript(durationMs: number): string {
  return `[simulated transcript: ${(durationMs / 1000).toFixed(1)} seconds of speech]`;
}

export interface TranscriptionJob {
  outbox: Outbox;
  config: AudioTranscription;
  itemId: string;
  durationMs: number;
  /** The scripted words of this turn (`sim_script`), used instead of the placeholder. */
  scriptedText: string | null;
  speed: number;
  fail: boolean;
  /** Stores the final transcript on the item. */
  onTranscript(transcript: string): void;
}

export async function runTranscription(job: TranscriptionJob): Promise<void> {
  const pacer = new Pacer(job.speed);
  const base = { item_id: job.itemId, content_index: 0 };
  try {
    await pacer.pause(TRANSCRIPT_DELTA_INTERVAL_MS);
    if (job.fail) {
      job.outbox.send({
        type: 'conversation.item.input_audio_transcription.failed',
        ...base,
        error: { type: 'transcription_error', code: 'audio_unintelligible', message: 'The audio could not be transcribed.', param: null as unknown as undefined },
      });
      return;
    }
    const transcript = job.scriptedText ?? placeholderTranscript(job.durationMs);
    const words = transcript.split(' ');
    for (let i = 0; i < words.length; i++) {
      job.outbox.send({ type: 'conversation.item.input_audio_transcription.delta', ...base, delta: i === 0 ? words[i] : ` ${words[i]}` });
      await pacer.pause(TRANSCRIPT_DELTA_INTERVAL_MS);
    }
    const model = job.config.model ?? '';
    if (model.includes('diarize')) {
      job.outbox.send({
        type: 'conversation.item.input_audio_transcription.segment',
        ...base,
        id: makeId('seg_', 8),
        speaker: 'A',
        start: 0,
        end: Math.round(job.durationMs) / 1000,
        text: transcript,
      });
    }
    job.onTranscript(transcript);
    const audioTokens = Math.ceil(job.durationMs / AUDIO_MS_PER_INPUT_TOKEN);
    const usage =
      model === 'whisper-1'
        ? { type: 'duration' as const, seconds: Math.round(job.durationMs) / 1000 }
        : {
            type: 'tokens' as const,
            input_tokens: audioTokens,
            output_tokens: words.length,
            total_tokens: audioTokens + words.length,
            input_token_details: { audio_tokens: audioTokens, text_tokens: 0 },
          };
    job.outbox.send({ type: 'conversation.item.input_audio_transcription.completed', ...base, transcript, usage });
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
  }
}
