// The session settings the panel edits: one flat record, so each field can be compared with what
// the server confirmed. Pure, no React. The GA mapping is in sessionMapping.ts, the checks in
// validation.ts.
import type { NoiseReductionType, RealtimeReasoningEffort } from 'openai/resources/realtime/realtime';
import { isReasoningModel } from '../../lib/protocol/models';
import { DEFAULT_MODEL, DEFAULT_TRANSCRIPTION_MODEL, DEFAULT_VOICE, SERVER_VAD_DEFAULTS } from '../../lib/protocol/session-defaults';
import {
  AUDIO_FORMATS,
  EAGERNESS_LEVELS,
  PARALLEL_TOOL_CALLS,
  TOOL_CHOICES,
  TRACING_MODES,
  TRANSCRIPTION_MODELS_WITHOUT_PROMPT,
  TRUNCATIONS,
  type AudioFormatId,
} from './options';

export type TurnDetectionMode = 'none' | 'server_vad' | 'semantic_vad';
export type Eagerness = (typeof EAGERNESS_LEVELS)[number];
export type OutputModality = 'audio' | 'text';
export type ToolChoiceMode = (typeof TOOL_CHOICES)[number];
export type TruncationMode = (typeof TRUNCATIONS)[number];
export type TracingMode = (typeof TRACING_MODES)[number];
export type ParallelToolCalls = (typeof PARALLEL_TOOL_CALLS)[number];
/** `default` is not sent: the model keeps its own default. */
export type ReasoningEffortChoice = 'default' | RealtimeReasoningEffort;
export const NONE = 'none';

export interface SessionSettings {
  model: string;
  /** A built-in voice, or another voice name the server knows. */
  voice: string;
  instructions: string;
  outputModality: OutputModality;
  maxOutputTokens: number | 'inf';
  /** Realtime 2 models only. */
  reasoningEffort: ReasoningEffortChoice;
  inputFormat: AudioFormatId;
  outputFormat: AudioFormatId;
  /** Playback speed of the model's speech, 1 = normal. */
  speed: number;
  turnDetection: TurnDetectionMode;
  /** server_vad: activation threshold, 0 to 1. */
  vadThreshold: number;
  /** server_vad: audio kept before detected speech, ms. */
  vadPrefixPaddingMs: number;
  /** server_vad: silence that ends a turn, ms. */
  vadSilenceDurationMs: number;
  /** server_vad: silence after the model's answer that makes it speak again, ms; null: never. */
  idleTimeoutMs: number | null;
  /** semantic_vad: how soon the model answers. */
  eagerness: Eagerness;
  /** VAD: answer when the user stops. */
  createResponse: boolean;
  /** VAD: cut the model off when the user starts. */
  interruptResponse: boolean;
  noiseReduction: typeof NONE | NoiseReductionType;
  transcriptionModel: string; // NONE or a model
  /** ISO-639-1, or '' for none. */
  transcriptionLanguage: string;
  transcriptionPrompt: string;
  /** `include: ["item.input_audio_transcription.logprobs"]`. */
  includeLogprobs: boolean;
  toolChoice: ToolChoiceMode;
  /** The function (toolChoice `function`) or MCP tool (`mcp`, optional) to force. */
  toolChoiceName: string;
  /** The MCP server label (toolChoice `mcp`). */
  toolChoiceServer: string;
  /** Realtime 2 models only; `default` is not sent. */
  parallelToolCalls: ParallelToolCalls;
  truncation: TruncationMode;
  retentionRatio: number;
  /** `token_limits.post_instructions`; null: the model's own limit. */
  truncationTokenLimit: number | null;
  /** `off` sends `tracing: null`. */
  tracing: TracingMode;
  tracingWorkflowName: string;
  tracingGroupId: string;
  /** JSON object text, or ''. */
  tracingMetadata: string;
  /** A stored prompt's id; '' sends `prompt: null`. */
  promptId: string;
  promptVersion: string;
  /** JSON object of strings, or ''. */
  promptVariables: string;
}

/**
 * The reference client's defaults (`getSessionConfig()` in src/lib/realtime/README.md), with the
 * API's own defaults for the rest; the server VAD fields are the API's documented ones
 * (SERVER_VAD_DEFAULTS), so the form starts where a server would.
 */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  model: DEFAULT_MODEL,
  voice: DEFAULT_VOICE,
  instructions: '',
  outputModality: 'audio',
  maxOutputTokens: 'inf',
  reasoningEffort: 'default',
  inputFormat: 'pcm',
  outputFormat: 'pcm',
  speed: 1,
  turnDetection: 'none',
  vadThreshold: SERVER_VAD_DEFAULTS.threshold,
  vadPrefixPaddingMs: SERVER_VAD_DEFAULTS.prefix_padding_ms,
  vadSilenceDurationMs: SERVER_VAD_DEFAULTS.silence_duration_ms,
  idleTimeoutMs: SERVER_VAD_DEFAULTS.idle_timeout_ms,
  eagerness: 'auto',
  createResponse: SERVER_VAD_DEFAULTS.create_response,
  interruptResponse: SERVER_VAD_DEFAULTS.interrupt_response,
  noiseReduction: NONE,
  transcriptionModel: DEFAULT_TRANSCRIPTION_MODEL,
  transcriptionLanguage: '',
  transcriptionPrompt: '',
  includeLogprobs: false,
  toolChoice: 'auto',
  toolChoiceName: '',
  toolChoiceServer: '',
  parallelToolCalls: 'default',
  truncation: 'auto',
  retentionRatio: 0.8,
  truncationTokenLimit: null,
  tracing: 'off',
  tracingWorkflowName: '',
  tracingGroupId: '',
  tracingMetadata: '',
  promptId: '',
  promptVersion: '',
  promptVariables: '',
};

export type SettingsField = keyof SessionSettings;

export const FIELD_LABELS: Record<SettingsField, string> = {
  model: 'Model',
  voice: 'Voice',
  instructions: 'Instructions',
  outputModality: 'Output modality',
  maxOutputTokens: 'Max output tokens',
  reasoningEffort: 'Reasoning effort',
  inputFormat: 'Input format',
  outputFormat: 'Output format',
  speed: 'Speed',
  turnDetection: 'Turn detection',
  vadThreshold: 'Threshold',
  vadPrefixPaddingMs: 'Prefix padding (ms)',
  vadSilenceDurationMs: 'Silence duration (ms)',
  idleTimeoutMs: 'Idle timeout (ms)',
  eagerness: 'Eagerness',
  createResponse: 'Answer when the user stops',
  interruptResponse: 'Stop when the user talks',
  noiseReduction: 'Noise reduction',
  transcriptionModel: 'Input transcription',
  transcriptionLanguage: 'Language',
  transcriptionPrompt: 'Transcription prompt',
  includeLogprobs: 'Log probabilities',
  toolChoice: 'Tool choice',
  toolChoiceName: 'Tool name',
  toolChoiceServer: 'MCP server',
  parallelToolCalls: 'Parallel tool calls',
  truncation: 'Truncation',
  retentionRatio: 'Retention ratio',
  truncationTokenLimit: 'Token limit',
  tracing: 'Tracing',
  tracingWorkflowName: 'Workflow name',
  tracingGroupId: 'Group id',
  tracingMetadata: 'Metadata (JSON)',
  promptId: 'Prompt id',
  promptVersion: 'Prompt version',
  promptVariables: 'Variables (JSON)',
};

/** The fields that matter for these settings: each mode's parameters only with that mode. */
export function relevantFields(settings: SessionSettings): SettingsField[] {
  const fields: SettingsField[] = ['model', 'voice', 'instructions', 'outputModality', 'maxOutputTokens'];
  const reasoning = isReasoningModel(settings.model);
  if (reasoning) fields.push('reasoningEffort');
  fields.push('inputFormat', 'outputFormat', 'speed', 'turnDetection');
  if (settings.turnDetection === 'server_vad') fields.push('vadThreshold', 'vadPrefixPaddingMs', 'vadSilenceDurationMs', 'idleTimeoutMs');
  if (settings.turnDetection === 'semantic_vad') fields.push('eagerness');
  if (settings.turnDetection !== 'none') fields.push('createResponse', 'interruptResponse');
  fields.push('noiseReduction', 'transcriptionModel');
  if (settings.transcriptionModel !== NONE) {
    fields.push('transcriptionLanguage');
    if (!TRANSCRIPTION_MODELS_WITHOUT_PROMPT.includes(settings.transcriptionModel)) fields.push('transcriptionPrompt');
  }
  fields.push('includeLogprobs', 'toolChoice');
  if (settings.toolChoice === 'mcp') fields.push('toolChoiceServer');
  if (settings.toolChoice === 'function' || settings.toolChoice === 'mcp') fields.push('toolChoiceName');
  if (reasoning) fields.push('parallelToolCalls');
  fields.push('truncation');
  if (settings.truncation === 'retention_ratio') fields.push('retentionRatio', 'truncationTokenLimit');
  fields.push('tracing');
  if (settings.tracing === 'custom') fields.push('tracingWorkflowName', 'tracingGroupId', 'tracingMetadata');
  fields.push('promptId');
  if (settings.promptId.trim()) fields.push('promptVersion', 'promptVariables');
  return fields;
}

/** Values that are not sent, so the server's value is shown but not judged. */
export function isUnasked(field: SettingsField, value: SessionSettings[SettingsField]): boolean {
  // Empty instructions are not sent: the server keeps its own, which is no mismatch.
  if (field === 'instructions') return typeof value === 'string' && value.trim() === '';
  return (field === 'reasoningEffort' || field === 'parallelToolCalls') && value === 'default';
}

/** Numbers the server may round (e.g. a float threshold) count as equal within this. */
export const NUMBER_TOLERANCE = 1e-6;

/** JSON text compared by meaning, not spacing. */
export function canonicalJson(text: string): string {
  if (!text.trim()) return '';
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

const JSON_FIELDS: ReadonlySet<SettingsField> = new Set(['tracingMetadata', 'promptVariables']);

function same(field: SettingsField, a: SessionSettings[SettingsField], b: SessionSettings[SettingsField]): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= NUMBER_TOLERANCE;
  if (JSON_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') return canonicalJson(a) === canonicalJson(b);
  return a === b;
}

export interface FieldMismatch {
  field: SettingsField;
  asked: SessionSettings[SettingsField];
  confirmed: SessionSettings[SettingsField];
}

/** Each field where the server's stated session differs from what was asked (fields it omits are not judged). */
export function mismatchesOf(asked: SessionSettings, stated: Partial<SessionSettings>): FieldMismatch[] {
  return relevantFields(asked)
    .filter((field) => stated[field] !== undefined && !isUnasked(field, asked[field]) && !same(field, asked[field], stated[field]!))
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

const LONG_TEXT_FIELDS: ReadonlySet<SettingsField> = new Set(['instructions', 'transcriptionPrompt', 'tracingMetadata', 'promptVariables']);

export function formatValue(field: SettingsField, value: SessionSettings[SettingsField]): string {
  if (LONG_TEXT_FIELDS.has(field)) {
    const text = String(value);
    return text === '' ? '(empty)' : text.length > 40 ? `“${text.slice(0, 39)}…”` : `“${text}”`;
  }
  if (field === 'inputFormat' || field === 'outputFormat') return AUDIO_FORMATS[value as AudioFormatId]?.format.type ?? String(value);
  if (value === null) return field === 'idleTimeoutMs' ? 'off' : 'model default';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === '') return '(none)';
  return String(value);
}
