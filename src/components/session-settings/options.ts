// The choices the form offers. Enumerations are the ones the `openai` package types list
// (node_modules/openai/resources/realtime/realtime.d.ts); a test checks them against the schema.
// Models come from the one dated list in lib/protocol/models.ts.
import type { NoiseReductionType, RealtimeReasoningEffort } from 'openai/resources/realtime/realtime';
import { REALTIME_MODELS } from '../../lib/protocol/models';

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;

/** Models offered in the model field (it also accepts any other name). */
export const MODELS: readonly string[] = REALTIME_MODELS.map((model) => model.id);

export const TRANSCRIPTION_MODELS = [
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-transcribe-2025-12-15',
  'gpt-4o-transcribe',
  'gpt-4o-transcribe-diarize',
  'gpt-transcribe',
  'gpt-live-transcribe',
  'gpt-realtime-whisper',
  'whisper-1',
] as const;
/** "Prompt is not supported with `gpt-realtime-whisper` in GA Realtime sessions" (AudioTranscription.prompt). */
export const TRANSCRIPTION_MODELS_WITHOUT_PROMPT: readonly string[] = ['gpt-realtime-whisper'];

export const NOISE_REDUCTIONS: ReadonlyArray<NoiseReductionType> = ['near_field', 'far_field'];
export const EAGERNESS_LEVELS = ['auto', 'low', 'medium', 'high'] as const;
export const REASONING_EFFORTS: ReadonlyArray<RealtimeReasoningEffort> = ['minimal', 'low', 'medium', 'high', 'xhigh'];

/** The three formats `RealtimeAudioFormats` allows, by a short id the form uses. */
export const AUDIO_FORMATS = {
  pcm: { label: 'PCM16, 24 kHz', format: { type: 'audio/pcm', rate: 24000 } },
  pcmu: { label: 'G.711 µ-law, 8 kHz (hear what a phone hears)', format: { type: 'audio/pcmu' } },
  pcma: { label: 'G.711 A-law, 8 kHz (hear what a phone hears)', format: { type: 'audio/pcma' } },
} as const;
export type AudioFormatId = keyof typeof AUDIO_FORMATS;
export const AUDIO_FORMAT_IDS = Object.keys(AUDIO_FORMATS) as AudioFormatId[];

export const TOOL_CHOICES = ['auto', 'none', 'required', 'function', 'mcp'] as const;
export const TRUNCATIONS = ['auto', 'disabled', 'retention_ratio'] as const;
export const TRACING_MODES = ['off', 'auto', 'custom'] as const;
export const PARALLEL_TOOL_CALLS = ['default', 'on', 'off'] as const;

/** The one value of `include` (RealtimeSessionCreateRequest.include). */
export const INCLUDE_LOGPROBS = 'item.input_audio_transcription.logprobs';
