// What the transcription of a user's audio item reported beyond its text: diarized segments,
// token log probabilities, detected languages, usage, and the error when it failed.
import type {
  ConversationItemInputAudioTranscriptionCompletedEvent as CompletedEvent,
  ConversationItemInputAudioTranscriptionFailedEvent as FailedEvent,
  ConversationItemInputAudioTranscriptionSegment as SegmentEvent,
  LogProbProperties,
} from 'openai/resources/realtime/realtime';

export type TranscriptionSegment = Pick<SegmentEvent, 'id' | 'text' | 'speaker' | 'start' | 'end'>;
export type TranscriptionUsage = CompletedEvent['usage'];
export type TranscriptionError = FailedEvent.Error;

export interface InputTranscription {
  /** `...transcription.segment` events (speaker labels with diarizing models), in arrival order. */
  segments: TranscriptionSegment[];
  /**
   * Token log probabilities, sent only when the session has
   * `include: ["item.input_audio_transcription.logprobs"]`: the deltas' until `completed`, then
   * the completed event's when it has them.
   */
  logprobs: LogProbProperties[];
  /** Language codes detected (`gpt-transcribe`); empty when none was reliably detected. */
  languages?: string[];
  /** Billed per the transcription model's pricing, apart from the response's usage. */
  usage?: TranscriptionUsage;
  /** `...transcription.failed`: the item has no transcript. */
  error?: TranscriptionError;
}

export function emptyTranscription(): InputTranscription {
  return { segments: [], logprobs: [] };
}

export function applySegment(t: InputTranscription, event: SegmentEvent): void {
  const segment: TranscriptionSegment = { id: event.id, text: event.text, speaker: event.speaker, start: event.start, end: event.end };
  const known = t.segments.findIndex((s) => s.id === segment.id);
  if (known >= 0) t.segments[known] = segment;
  else t.segments.push(segment);
}

export function applyDeltaLogprobs(t: InputTranscription, logprobs: LogProbProperties[] | null | undefined): void {
  if (logprobs?.length) t.logprobs.push(...logprobs);
}

export function applyCompleted(t: InputTranscription, event: CompletedEvent): void {
  if (event.logprobs) t.logprobs = event.logprobs.slice();
  if (event.languages) t.languages = event.languages.map((l) => l.code);
  if (event.usage) t.usage = event.usage;
  delete t.error;
}

/** A readable one-line reason, for `transcriptionError`. */
export function transcriptionErrorMessage(error: TranscriptionError): string {
  return error.message || error.code || 'transcription failed';
}
