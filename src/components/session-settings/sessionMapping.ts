// Settings to and from the GA `session` object. What a session states is read field by field, so
// an absent field says nothing and only stated fields are compared with what was asked.
import type {
  AudioTranscription,
  RealtimeAudioFormats,
  RealtimeAudioInputTurnDetection,
  RealtimeSessionCreateRequest,
  RealtimeToolChoiceConfig,
  RealtimeTracingConfig,
  RealtimeTruncation,
} from 'openai/resources/realtime/realtime';
import type { ResponsePrompt } from 'openai/resources/responses/responses';
import type { RealtimeSessionCreateResponse } from 'openai/resources/realtime/client-secrets';
import type { ServerSession } from '../../lib/protocol/protocol-types';
import { isReasoningModel } from '../../lib/protocol/models';
import type { SessionPatch } from '../../lib/protocol/session-patch';
import { AUDIO_FORMATS, INCLUDE_LOGPROBS, REASONING_EFFORTS, TOOL_CHOICES, TRANSCRIPTION_MODELS_WITHOUT_PROMPT, type AudioFormatId } from './options';
import {
  DEFAULT_SESSION_SETTINGS,
  NONE,
  mismatchesOf,
  type FieldMismatch,
  type SessionSettings,
  type ToolChoiceMode,
} from './sessionSettings';
import { isRecord } from '../../lib/shared/json';

export interface SettingsToSessionOptions {
  /**
   * Include `model`. Off by default: the model is chosen when connecting (the `?model=` of the
   * URL) and a live `session.update` cannot switch it.
   */
  includeModel?: boolean;
}

export function turnDetectionOf(settings: SessionSettings): RealtimeAudioInputTurnDetection | null {
  const responses = { create_response: settings.createResponse, interrupt_response: settings.interruptResponse };
  switch (settings.turnDetection) {
    case 'server_vad':
      return {
        type: 'server_vad',
        threshold: settings.vadThreshold,
        prefix_padding_ms: settings.vadPrefixPaddingMs,
        silence_duration_ms: settings.vadSilenceDurationMs,
        // The whole object replaces the running one: leaving the timeout out turns it off.
        ...(settings.idleTimeoutMs === null ? {} : { idle_timeout_ms: settings.idleTimeoutMs }),
        ...responses,
      };
    case 'semantic_vad':
      return { type: 'semantic_vad', eagerness: settings.eagerness, ...responses };
    default:
      return null;
  }
}

function formatOf(id: AudioFormatId): RealtimeAudioFormats {
  return { ...AUDIO_FORMATS[id].format };
}

function transcriptionOf(settings: SessionSettings): AudioTranscription | null {
  if (settings.transcriptionModel === NONE) return null;
  const transcription: AudioTranscription = { model: settings.transcriptionModel };
  if (settings.transcriptionLanguage.trim()) transcription.language = settings.transcriptionLanguage.trim();
  if (settings.transcriptionPrompt && !TRANSCRIPTION_MODELS_WITHOUT_PROMPT.includes(settings.transcriptionModel)) transcription.prompt = settings.transcriptionPrompt;
  return transcription;
}

function toolChoiceOf(settings: SessionSettings): RealtimeToolChoiceConfig {
  const name = settings.toolChoiceName.trim();
  if (settings.toolChoice === 'function') return { type: 'function', name };
  if (settings.toolChoice === 'mcp') return { type: 'mcp', server_label: settings.toolChoiceServer.trim(), ...(name ? { name } : {}) };
  return settings.toolChoice;
}

function truncationOf(settings: SessionSettings): RealtimeTruncation {
  if (settings.truncation !== 'retention_ratio') return settings.truncation;
  const limit = settings.truncationTokenLimit;
  return { type: 'retention_ratio', retention_ratio: settings.retentionRatio, ...(limit === null ? {} : { token_limits: { post_instructions: limit } }) };
}

function tracingOf(settings: SessionSettings): RealtimeTracingConfig | null {
  if (settings.tracing === 'off') return null;
  if (settings.tracing === 'auto') return 'auto';
  const config: RealtimeTracingConfig.TracingConfiguration = {};
  if (settings.tracingWorkflowName.trim()) config.workflow_name = settings.tracingWorkflowName.trim();
  if (settings.tracingGroupId.trim()) config.group_id = settings.tracingGroupId.trim();
  if (settings.tracingMetadata.trim()) config.metadata = JSON.parse(settings.tracingMetadata);
  return config;
}

function promptOf(settings: SessionSettings): ResponsePrompt | null {
  const id = settings.promptId.trim();
  if (!id) return null;
  const prompt: ResponsePrompt = { id };
  if (settings.promptVersion.trim()) prompt.version = settings.promptVersion.trim();
  if (settings.promptVariables.trim()) prompt.variables = JSON.parse(settings.promptVariables);
  return prompt;
}

/**
 * The GA `session` object for these (valid: see settingsErrors) settings, for a `session.update`,
 * the initial session or the reference client's `updateSession` (which merges it into the
 * configuration it sends on every connect). `null` turns noise reduction / transcription off,
 * on a live session too. Reasoning fields go only to models that take them, and only when set.
 */
export function settingsToSession(settings: SessionSettings, options: SettingsToSessionOptions = {}): SessionPatch {
  const session: SessionPatch = {
    type: 'realtime',
    // Empty means "the server's own": sending "" would replace its default instructions.
    ...(settings.instructions.trim() ? { instructions: settings.instructions } : {}),
    output_modalities: [settings.outputModality],
    max_output_tokens: settings.maxOutputTokens,
    tool_choice: toolChoiceOf(settings),
    truncation: truncationOf(settings),
    tracing: tracingOf(settings),
    prompt: promptOf(settings),
    include: settings.includeLogprobs ? [INCLUDE_LOGPROBS] : [],
    audio: {
      input: {
        format: formatOf(settings.inputFormat),
        turn_detection: turnDetectionOf(settings),
        noise_reduction: settings.noiseReduction === NONE ? null : { type: settings.noiseReduction },
        transcription: transcriptionOf(settings),
      },
      output: { format: formatOf(settings.outputFormat), voice: settings.voice, speed: settings.speed },
    },
  };
  if (isReasoningModel(settings.model)) {
    if (settings.reasoningEffort !== 'default') session.reasoning = { effort: settings.reasoningEffort };
    if (settings.parallelToolCalls !== 'default') session.parallel_tool_calls = settings.parallelToolCalls === 'on';
  }
  if (options.includeModel) session.model = settings.model;
  return session;
}

type AnySession = RealtimeSessionCreateRequest | RealtimeSessionCreateResponse | SessionPatch | ServerSession;
type Loose = Record<string, unknown>;

function formatIdOf(format: unknown): AudioFormatId | undefined {
  if (!isRecord(format)) return undefined;
  if (format.type === 'audio/pcmu') return 'pcmu';
  if (format.type === 'audio/pcma') return 'pcma';
  return format.type === 'audio/pcm' ? 'pcm' : undefined;
}

const jsonText = (value: unknown) => (value === undefined || value === null ? '' : JSON.stringify(value));
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function readTurnDetection(turn: unknown, out: Partial<SessionSettings>): void {
  if (turn === null) {
    out.turnDetection = 'none';
    return;
  }
  if (!isRecord(turn) || (turn.type !== 'server_vad' && turn.type !== 'semantic_vad')) return;
  out.turnDetection = turn.type;
  if (turn.type === 'server_vad') {
    if (typeof turn.threshold === 'number') out.vadThreshold = turn.threshold;
    if (typeof turn.prefix_padding_ms === 'number') out.vadPrefixPaddingMs = turn.prefix_padding_ms;
    if (typeof turn.silence_duration_ms === 'number') out.vadSilenceDurationMs = turn.silence_duration_ms;
    if ('idle_timeout_ms' in turn) out.idleTimeoutMs = typeof turn.idle_timeout_ms === 'number' ? turn.idle_timeout_ms : null;
  } else if (typeof turn.eagerness === 'string') {
    out.eagerness = turn.eagerness as SessionSettings['eagerness'];
  }
  if (typeof turn.create_response === 'boolean') out.createResponse = turn.create_response;
  if (typeof turn.interrupt_response === 'boolean') out.interruptResponse = turn.interrupt_response;
}

function readInput(input: Loose, out: Partial<SessionSettings>): void {
  const format = formatIdOf(input.format);
  if (format) out.inputFormat = format;
  readTurnDetection(input.turn_detection, out);
  // The live API sends `null` for "off", which the types do not declare.
  const noise = input.noise_reduction;
  if (noise === null) out.noiseReduction = NONE;
  else if (isRecord(noise) && (noise.type === 'near_field' || noise.type === 'far_field')) out.noiseReduction = noise.type;
  const transcription = input.transcription;
  if (transcription === null) out.transcriptionModel = NONE;
  else if (isRecord(transcription) && typeof transcription.model === 'string') {
    out.transcriptionModel = transcription.model;
    out.transcriptionLanguage = text(transcription.language);
    out.transcriptionPrompt = text(transcription.prompt);
  }
}

function readOutput(output: Loose, out: Partial<SessionSettings>): void {
  const format = formatIdOf(output.format);
  if (format) out.outputFormat = format;
  if (typeof output.speed === 'number') out.speed = output.speed;
  const voice = output.voice;
  if (typeof voice === 'string') out.voice = voice;
  else if (isRecord(voice) && typeof voice.id === 'string') out.voice = voice.id;
}

function readToolChoice(choice: unknown, out: Partial<SessionSettings>): void {
  if (typeof choice === 'string' && (TOOL_CHOICES as readonly string[]).includes(choice)) out.toolChoice = choice as ToolChoiceMode;
  else if (isRecord(choice) && choice.type === 'function') {
    out.toolChoice = 'function';
    out.toolChoiceName = text(choice.name);
  } else if (isRecord(choice) && choice.type === 'mcp') {
    out.toolChoice = 'mcp';
    out.toolChoiceServer = text(choice.server_label);
    out.toolChoiceName = text(choice.name);
  }
}

function readTruncation(truncation: unknown, out: Partial<SessionSettings>): void {
  if (truncation === 'auto' || truncation === 'disabled') out.truncation = truncation;
  else if (isRecord(truncation) && truncation.type === 'retention_ratio') {
    out.truncation = 'retention_ratio';
    if (typeof truncation.retention_ratio === 'number') out.retentionRatio = truncation.retention_ratio;
    const limits = truncation.token_limits;
    out.truncationTokenLimit = isRecord(limits) && typeof limits.post_instructions === 'number' ? limits.post_instructions : null;
  }
}

function readTracing(tracing: unknown, out: Partial<SessionSettings>): void {
  if (tracing === null) out.tracing = 'off';
  else if (tracing === 'auto') out.tracing = 'auto';
  else if (isRecord(tracing)) {
    out.tracing = 'custom';
    out.tracingWorkflowName = text(tracing.workflow_name);
    out.tracingGroupId = text(tracing.group_id);
    out.tracingMetadata = jsonText(tracing.metadata);
  }
}

function readPrompt(prompt: unknown, out: Partial<SessionSettings>): void {
  if (prompt === null) out.promptId = '';
  else if (isRecord(prompt) && typeof prompt.id === 'string') {
    out.promptId = prompt.id;
    out.promptVersion = text(prompt.version);
    out.promptVariables = jsonText(prompt.variables);
  }
}

/**
 * The settings a session object states: only the fields it carries (an absent field says
 * nothing; an explicit `null` turn detection, noise reduction, transcription, tracing or prompt
 * means "off").
 */
export function readSession(session: AnySession): Partial<SessionSettings> {
  const out: Partial<SessionSettings> = {};
  if (session.type !== 'realtime') return out;
  const s = session as unknown as Loose;
  if (typeof s.model === 'string') out.model = s.model;
  if (typeof s.instructions === 'string') out.instructions = s.instructions;
  if (typeof s.max_output_tokens === 'number' || s.max_output_tokens === 'inf') out.maxOutputTokens = s.max_output_tokens;
  const modality = Array.isArray(s.output_modalities) ? s.output_modalities[0] : undefined;
  if (modality === 'audio' || modality === 'text') out.outputModality = modality;
  const effort = isRecord(s.reasoning) ? s.reasoning.effort : undefined;
  if (typeof effort === 'string' && (REASONING_EFFORTS as readonly string[]).includes(effort)) out.reasoningEffort = effort as SessionSettings['reasoningEffort'];
  if (typeof s.parallel_tool_calls === 'boolean') out.parallelToolCalls = s.parallel_tool_calls ? 'on' : 'off';
  // The server reports `null` for no `include` (an erratum of the published schema).
  if (s.include === null || Array.isArray(s.include)) out.includeLogprobs = Array.isArray(s.include) && s.include.includes(INCLUDE_LOGPROBS);
  readToolChoice(s.tool_choice, out);
  readTruncation(s.truncation, out);
  readTracing(s.tracing, out);
  readPrompt(s.prompt, out);
  const audio = isRecord(s.audio) ? s.audio : {};
  if (isRecord(audio.input)) readInput(audio.input, out);
  if (isRecord(audio.output)) readOutput(audio.output, out);
  return out;
}

/** Settings for a session object, with `fallback` for what it leaves out. */
export function sessionToSettings(session: AnySession, fallback: SessionSettings = DEFAULT_SESSION_SETTINGS): SessionSettings {
  return { ...fallback, ...readSession(session) };
}

/** Each field where the confirmed session differs from what was asked (fields it omits are not judged). */
export function confirmedMismatches(asked: SessionSettings, confirmed: ServerSession | null): FieldMismatch[] {
  return confirmed ? mismatchesOf(asked, readSession(confirmed)) : [];
}
