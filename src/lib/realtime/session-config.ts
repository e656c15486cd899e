// The GA session configuration: defaults, merging partial updates, and keeping only the fields
// the protocol defines (a beta-shaped or misspelled field is dropped and reported, never sent).
import type { RealtimeAudioConfigInput, RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { DEFAULT_TRANSCRIPTION_MODEL, DEFAULT_VOICE, PCM_24K_FORMAT } from '../protocol/session-defaults';
import type { SessionPatch } from '../protocol/session-patch';
import { cloneJson, isRecord } from '../shared/json';

export type SessionConfig = RealtimeSessionCreateRequest;

/** A change to the session (the shared shape in lib/protocol/session-patch.ts). */
export type SessionConfigPatch = SessionPatch;

/**
 * What the client asks for unless told otherwise: the audio it handles (PCM16 24 kHz), manual
 * turns, transcription of the user's audio, a voice. Nothing else: `instructions`, `tools` and
 * `tool_choice` are left to the server's defaults until the app sets them (an empty
 * `instructions` would replace the server's own).
 */
export function defaultSessionConfig(): SessionConfig {
  return {
    type: 'realtime',
    output_modalities: ['audio'],
    audio: {
      input: {
        format: { ...PCM_24K_FORMAT },
        turn_detection: null,
        transcription: { model: DEFAULT_TRANSCRIPTION_MODEL },
      },
      output: { format: { ...PCM_24K_FORMAT }, voice: DEFAULT_VOICE },
    },
  };
}

/** Merges a patch: `audio.input` / `audio.output` field by field, every other field replaced. */
export function mergeSessionConfig(base: SessionConfig, patch: SessionConfigPatch): SessionConfig {
  const { audio: audioPatch, ...rest } = cloneJson(patch);
  const merged: SessionConfig = { ...cloneJson(base), ...(rest as Partial<SessionConfig>), type: 'realtime' };
  if (audioPatch) {
    const input: Record<string, unknown> = { ...merged.audio?.input };
    for (const [key, value] of Object.entries(audioPatch.input ?? {})) {
      if (value === undefined) continue;
      if (value === null && key !== 'turn_detection') delete input[key];
      else input[key] = value;
    }
    const output = { ...merged.audio?.output, ...audioPatch.output };
    merged.audio = { input: input as RealtimeAudioConfigInput, output };
  }
  return merged;
}

// ---- keeping only protocol fields ----

type FieldRule = true | { [field: string]: FieldRule } | ((value: unknown, path: string, dropped: string[]) => unknown);

function pick(value: unknown, rule: FieldRule, path: string, dropped: string[]): unknown {
  if (rule === true) return value;
  if (typeof rule === 'function') return rule(value, path, dropped);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const fieldPath = path ? `${path}.${key}` : key;
    const fieldRule = rule[key];
    if (!fieldRule) dropped.push(fieldPath);
    else out[key] = pick(field, fieldRule, fieldPath, dropped);
  }
  return out;
}

/** Picks fields by the object's `type`; an unknown `type` is passed as is, for the server to judge. */
function byType(rules: Record<string, { [field: string]: FieldRule }>): FieldRule {
  return (value, path, dropped) => {
    if (!isRecord(value) || typeof value.type !== 'string' || !rules[value.type]) return value;
    return pick(value, rules[value.type], path, dropped);
  };
}

const FORMAT = byType({ 'audio/pcm': { type: true, rate: true }, 'audio/pcmu': { type: true }, 'audio/pcma': { type: true } });
const TURN_DETECTION = byType({
  server_vad: {
    type: true,
    create_response: true,
    idle_timeout_ms: true,
    interrupt_response: true,
    prefix_padding_ms: true,
    silence_duration_ms: true,
    threshold: true,
  },
  semantic_vad: { type: true, create_response: true, eagerness: true, interrupt_response: true },
});
const FUNCTION_TOOL = byType({ function: { type: true, name: true, description: true, parameters: true } });

const SESSION_RULE: FieldRule = {
  type: true,
  model: true,
  instructions: true,
  output_modalities: true,
  audio: {
    input: {
      format: FORMAT,
      transcription: { model: true, language: true, languages: true, prompt: true, delay: true, keywords: true },
      noise_reduction: { type: true, strength: true },
      turn_detection: TURN_DETECTION,
    },
    output: { format: FORMAT, voice: true, speed: true },
  },
  include: true,
  max_output_tokens: true,
  parallel_tool_calls: true,
  prompt: true,
  reasoning: { effort: true },
  tool_choice: true,
  tools: (value, path, dropped) =>
    Array.isArray(value) ? value.map((tool, i) => pick(tool, FUNCTION_TOOL, `${path}[${i}]`, dropped)) : value,
  tracing: true,
  truncation: true,
};

export interface SanitizedSession {
  session: SessionConfig;
  /** Paths of the fields left out, e.g. `voice` or `audio.input.vad`. */
  dropped: string[];
}

/** Keeps only the fields of the GA session; `type: "realtime"` is always set. */
export function sanitizeSession(config: SessionConfigPatch | SessionConfig): SanitizedSession {
  const dropped: string[] = [];
  // A `null` transcription / noise_reduction is kept: it is how a live session turns them off.
  const session = pick({ ...config, type: 'realtime' }, SESSION_RULE, '', dropped) as SessionConfig;
  return { session, dropped };
}

/** Input fields a patch turns off with `null` (the GA spec declares them nullable). */
export const NULLABLE_INPUT_FIELDS = ['transcription', 'noise_reduction'] as const;

/**
 * The `session` of the `session.update` for `patch`: the top-level fields it touches, as the
 * merged configuration `config` has them, plus the `null`s of the patch that the merge removed
 * from `config` (so the server turns those features off instead of keeping them).
 * `null` when the patch touches nothing.
 */
export function sessionUpdateFor(config: SessionConfig, patch: SessionConfigPatch): SessionConfig | null {
  const full = config as unknown as Record<string, unknown>;
  const touched: Record<string, unknown> = { type: 'realtime' };
  for (const key of Object.keys(patch)) if (key in full) touched[key] = full[key];
  const patchInput = patch.audio?.input;
  const offs = NULLABLE_INPUT_FIELDS.filter((key) => patchInput?.[key] === null);
  if (offs.length) {
    const audio = config.audio ?? {};
    const input: Record<string, unknown> = { ...audio.input };
    for (const key of offs) input[key] = null;
    touched.audio = { ...audio, input };
  }
  return Object.keys(touched).length > 1 ? (touched as unknown as SessionConfig) : null;
}

export type TurnDetectionType = 'server_vad' | 'semantic_vad';

export function turnDetectionType(config: SessionConfig): TurnDetectionType | null {
  return config.audio?.input?.turn_detection?.type ?? null;
}

/** How turns go in a session (asked for, or as the server confirmed it). */
export interface TurnSettings {
  /** null: manual turns (the client commits and asks for responses). */
  type: TurnDetectionType | null;
  /** With VAD, whether speech cancels the conversation's response (the API's default: true). */
  interruptResponse: boolean;
}

/** Reads either shape: the request we send or the session the server sends back. */
export function turnSettingsOf(session: { audio?: { input?: { turn_detection?: { type?: string; interrupt_response?: boolean } | null } } } | null | undefined): TurnSettings {
  const detection = session?.audio?.input?.turn_detection;
  const type = detection?.type === 'server_vad' || detection?.type === 'semantic_vad' ? detection.type : null;
  return { type, interruptResponse: type !== null && detection?.interrupt_response !== false };
}
