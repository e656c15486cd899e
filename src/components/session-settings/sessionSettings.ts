// The session settings the panel edits, and their mapping to and from the GA `session` object.
// Pure, no React. Option lists are the ones the `openai` package types enumerate
// (node_modules/openai/resources/realtime/realtime.d.ts); a test checks them against the schema.
import type {
  AudioTranscription,
  NoiseReductionType,
  RealtimeAudioConfigInput,
  RealtimeAudioConfigOutput,
  RealtimeAudioInputTurnDetection,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import type { RealtimeSessionCreateResponse } from 'openai/resources/realtime/client-secrets';
import type { ServerSession } from '../../lib/protocol/protocol-types';

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;

/** Realtime models the types list; the model field also accepts any other name. */
export const MODELS = [
  'gpt-realtime',
  'gpt-realtime-1.5',
  'gpt-realtime-2',
  'gpt-realtime-2.1',
  'gpt-realtime-2.1-mini',
  'gpt-realtime-2025-08-28',
  'gpt-realtime-mini',
  'gpt-realtime-mini-2025-10-06',
  'gpt-realtime-mini-2025-12-15',
  'gpt-audio-1.5',
  'gpt-audio-mini',
  'gpt-audio-mini-2025-10-06',
  'gpt-audio-mini-2025-12-15',
  'gpt-4o-realtime-preview',
  'gpt-4o-realtime-preview-2024-10-01',
  'gpt-4o-realtime-preview-2024-12-17',
  'gpt-4o-realtime-preview-2025-06-03',
  'gpt-4o-mini-realtime-preview',
  'gpt-4o-mini-realtime-preview-2024-12-17',
] as const;

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

export const NOISE_REDUCTIONS: ReadonlyArray<NoiseReductionType> = ['near_field', 'far_field'];
export const EAGERNESS_LEVELS = ['auto', 'low', 'medium', 'high'] as const;

export type TurnDetectionMode = 'none' | 'server_vad' | 'semantic_vad';
export type Eagerness = (typeof EAGERNESS_LEVELS)[number];
export type OutputModality = 'audio' | 'text';
export const NONE = 'none';

export interface SessionSettings {
  model: string;
  /** A built-in voice, or another voice name the server knows. */
  voice: string;
  instructions: string;
  turnDetection: TurnDetectionMode;
  /** server_vad: activation threshold, 0 to 1. */
  vadThreshold: number;
  /** server_vad: audio kept before detected speech, ms. */
  vadPrefixPaddingMs: number;
  /** server_vad: silence that ends a turn, ms. */
  vadSilenceDurationMs: number;
  /** semantic_vad: how soon the model answers. */
  eagerness: Eagerness;
  noiseReduction: typeof NONE | NoiseReductionType;
  transcriptionModel: string; // NONE or a model
  outputModality: OutputModality;
  maxOutputTokens: number | 'inf';
}

/** The API's documented bounds for the numeric fields. */
export const LIMITS = {
  vadThreshold: { min: 0, max: 1 },
  vadPrefixPaddingMs: { min: 0, max: 10_000 },
  vadSilenceDurationMs: { min: 0, max: 10_000 },
  maxOutputTokens: { min: 1, max: 4096 },
} as const;

/** The reference client's defaults (CONTRACTS.md), with the API's own VAD defaults. */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  model: 'gpt-realtime',
  voice: 'marin',
  instructions: '',
  turnDetection: 'none',
  vadThreshold: 0.5,
  vadPrefixPaddingMs: 300,
  vadSilenceDurationMs: 500,
  eagerness: 'auto',
  noiseReduction: NONE,
  transcriptionModel: 'gpt-4o-mini-transcribe',
  outputModality: 'audio',
  maxOutputTokens: 'inf',
};

export type SettingsField = keyof SessionSettings;

/** Problems that keep the settings from being applied, by field. */
export function settingsErrors(settings: SessionSettings): Partial<Record<SettingsField, string>> {
  const errors: Partial<Record<SettingsField, string>> = {};
  const range = (field: keyof typeof LIMITS, value: number, integer: boolean) => {
    const { min, max } = LIMITS[field];
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      errors[field] = `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`;
    }
  };
  if (!settings.model.trim()) errors.model = 'a model name';
  if (!settings.voice.trim()) errors.voice = 'a voice';
  if (settings.turnDetection === 'server_vad') {
    range('vadThreshold', settings.vadThreshold, false);
    range('vadPrefixPaddingMs', settings.vadPrefixPaddingMs, true);
    range('vadSilenceDurationMs', settings.vadSilenceDurationMs, true);
  }
  if (settings.maxOutputTokens !== 'inf') range('maxOutputTokens', settings.maxOutputTokens, true);
  return errors;
}

export function turnDetectionOf(settings: SessionSettings): RealtimeAudioInputTurnDetection | null {
  switch (settings.turnDetection) {
    case 'server_vad':
      return {
        type: 'server_vad',
        threshold: settings.vadThreshold,
        prefix_padding_ms: settings.vadPrefixPaddingMs,
        silence_duration_ms: settings.vadSilenceDurationMs,
      };
    case 'semantic_vad':
      return { type: 'semantic_vad', eagerness: settings.eagerness };
    default:
      return null;
  }
}

export interface SettingsToSessionOptions {
  /**
   * Include `model`. Off by default: the model is chosen when connecting (the `?model=` of the
   * URL) and a live `session.update` cannot switch it.
   */
  includeModel?: boolean;
}

/**
 * The GA `session` for these settings, with `null` where a feature is off. The GA spec lets a
 * `session.update` send `null` for noise reduction / transcription (the `openai` package types
 * do not; see NULLABLE_ERRATA), which is how a live session turns them off.
 */
export interface ClientSessionPatch extends Omit<RealtimeSessionCreateRequest, 'audio'> {
  audio: {
    input: Omit<RealtimeAudioConfigInput, 'transcription' | 'noise_reduction'> & {
      transcription: AudioTranscription | null;
      noise_reduction: RealtimeAudioConfigInput.NoiseReduction | null;
    };
    output: RealtimeAudioConfigOutput;
  };
}

/** The GA `session` object for these settings, for a `session.update` (or the initial session). */
export function settingsToSession(settings: SessionSettings, options: SettingsToSessionOptions = {}): ClientSessionPatch {
  const session: ClientSessionPatch = {
    type: 'realtime',
    instructions: settings.instructions,
    output_modalities: [settings.outputModality],
    max_output_tokens: settings.maxOutputTokens,
    audio: {
      input: {
        turn_detection: turnDetectionOf(settings),
        noise_reduction: settings.noiseReduction === NONE ? null : { type: settings.noiseReduction },
        transcription: settings.transcriptionModel === NONE ? null : { model: settings.transcriptionModel },
      },
      output: { voice: settings.voice },
    },
  };
  if (options.includeModel) session.model = settings.model;
  return session;
}

/**
 * The same session as a patch for the reference client's `updateSession`, which merges it into
 * the configuration it sends on every connect: `null` drops the feature from that configuration
 * and turns it off on the live session.
 */
export function settingsToClientPatch(settings: SessionSettings, options: SettingsToSessionOptions = {}): ClientSessionPatch {
  return settingsToSession(settings, options);
}

type AnySession = RealtimeSessionCreateRequest | RealtimeSessionCreateResponse | ClientSessionPatch;

/**
 * The settings a session object states: only the fields it carries (an absent field says
 * nothing; an explicit `null` turn detection, noise reduction or transcription means "none").
 */
export function readSession(session: AnySession | ServerSession): Partial<SessionSettings> {
  const out: Partial<SessionSettings> = {};
  if (session.type !== 'realtime') return out;
  const s = session as AnySession;
  if (typeof s.model === 'string') out.model = s.model;
  if (typeof s.instructions === 'string') out.instructions = s.instructions;
  if (s.max_output_tokens !== undefined) out.maxOutputTokens = s.max_output_tokens;
  const modality = s.output_modalities?.[0];
  if (modality === 'audio' || modality === 'text') out.outputModality = modality;
  const voice = s.audio?.output?.voice;
  if (typeof voice === 'string') out.voice = voice;
  else if (voice && typeof voice === 'object' && 'id' in voice) out.voice = voice.id;
  const input = s.audio?.input;
  if (input) {
    const turn = input.turn_detection;
    if (turn === null) out.turnDetection = 'none';
    else if (turn?.type === 'server_vad') {
      out.turnDetection = 'server_vad';
      if (turn.threshold !== undefined) out.vadThreshold = turn.threshold;
      if (turn.prefix_padding_ms !== undefined) out.vadPrefixPaddingMs = turn.prefix_padding_ms;
      if (turn.silence_duration_ms !== undefined) out.vadSilenceDurationMs = turn.silence_duration_ms;
    } else if (turn?.type === 'semantic_vad') {
      out.turnDetection = 'semantic_vad';
      if (turn.eagerness) out.eagerness = turn.eagerness;
    }
    // The live API sends `null` for "off", which the types do not declare.
    const noise = input.noise_reduction as { type?: NoiseReductionType } | null | undefined;
    if (noise === null) out.noiseReduction = NONE;
    else if (noise?.type) out.noiseReduction = noise.type;
    const transcription = input.transcription as { model?: string } | null | undefined;
    if (transcription === null) out.transcriptionModel = NONE;
    else if (transcription?.model) out.transcriptionModel = transcription.model;
  }
  return out;
}

/** Settings for a session object, with `fallback` for what it leaves out. */
export function sessionToSettings(session: AnySession | ServerSession, fallback: SessionSettings = DEFAULT_SESSION_SETTINGS): SessionSettings {
  return { ...fallback, ...readSession(session) };
}

export const FIELD_LABELS: Record<SettingsField, string> = {
  model: 'Model',
  voice: 'Voice',
  instructions: 'Instructions',
  turnDetection: 'Turn detection',
  vadThreshold: 'Threshold',
  vadPrefixPaddingMs: 'Prefix padding (ms)',
  vadSilenceDurationMs: 'Silence duration (ms)',
  eagerness: 'Eagerness',
  noiseReduction: 'Noise reduction',
  transcriptionModel: 'Input transcription',
  outputModality: 'Output modality',
  maxOutputTokens: 'Max output tokens',
};

/** The fields that matter for these settings (VAD parameters only for their mode). */
export function relevantFields(settings: SessionSettings): SettingsField[] {
  const fields: SettingsField[] = ['model', 'voice', 'instructions', 'turnDetection'];
  if (settings.turnDetection === 'server_vad') fields.push('vadThreshold', 'vadPrefixPaddingMs', 'vadSilenceDurationMs');
  if (settings.turnDetection === 'semantic_vad') fields.push('eagerness');
  fields.push('noiseReduction', 'transcriptionModel', 'outputModality', 'maxOutputTokens');
  return fields;
}

/** Numbers the server may round (e.g. a float threshold) count as equal within this. */
export const NUMBER_TOLERANCE = 1e-6;

function same(a: SessionSettings[SettingsField], b: SessionSettings[SettingsField]): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= NUMBER_TOLERANCE;
  return a === b;
}

export interface FieldMismatch {
  field: SettingsField;
  asked: SessionSettings[SettingsField];
  confirmed: SessionSettings[SettingsField];
}

/** Each field where the server's session differs from what was asked (fields it omits are not judged). */
export function confirmedMismatches(asked: SessionSettings, confirmed: ServerSession | null): FieldMismatch[] {
  if (!confirmed) return [];
  const stated = readSession(confirmed);
  return relevantFields(asked)
    .filter((field) => stated[field] !== undefined && !same(asked[field], stated[field]!))
    .map((field) => ({ field, asked: asked[field], confirmed: stated[field]! }));
}

/**
 * Why applying `next` over a session the server runs as `current` needs a reconnect: only the
 * model, which is fixed per connection (everything else, turning features off included, is a
 * `session.update`).
 */
export function needsReconnect(next: SessionSettings, current: Partial<SessionSettings>): string[] {
  const reasons: string[] = [];
  if (current.model !== undefined && next.model !== current.model) reasons.push('the model is chosen when connecting');
  return reasons;
}

export function formatValue(field: SettingsField, value: SessionSettings[SettingsField]): string {
  if (field === 'instructions') {
    const text = String(value);
    return text === '' ? '(empty)' : text.length > 40 ? `“${text.slice(0, 39)}…”` : `“${text}”`;
  }
  return String(value);
}
