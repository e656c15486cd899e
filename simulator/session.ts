// The session a connection runs with: the full GA response shape sent in `session.created`,
// and the merge `session.update` applies to it.
import type { RealtimeSessionCreateResponse } from 'openai/resources/realtime/client-secrets';
import type { RealtimeAudioInputTurnDetection, RealtimeTranscriptionSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { DEFAULT_VOICE, PCM_24K_FORMAT, SERVER_VAD_DEFAULTS } from '../src/lib/protocol/session-defaults';
import type { SessionInputPatch, SessionPatch } from '../src/lib/protocol/session-patch';

export type SimSession = RealtimeSessionCreateResponse;
/** What a `session.update` carries: the shared session patch, or a transcription session (refused). */
export type SessionUpdatePatch = SessionPatch | RealtimeTranscriptionSessionCreateRequest;
export type TurnDetection = RealtimeAudioInputTurnDetection;

/**
 * How long a session lives, as `expires_at` reports it: 60 minutes since GA ("Realtime sessions
 * can now last up to 60 minutes, up from 30 minutes": OpenAI, "Developer notes on the Realtime
 * API", developers.openai.com/blog/realtime-api, 2025-09-12). The beta's 30 minutes is gone.
 */
export const SESSION_LIFETIME_SECONDS = 60 * 60;
export const DEFAULT_INSTRUCTIONS =
  'You are the Realtime Console simulator, a local stand-in for the Realtime API. You do not understand speech; you answer deterministically.';

export function defaultSession(options: { id: string; model: string; nowSeconds: number }): SimSession {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id: options.id,
    model: options.model,
    output_modalities: ['audio'],
    instructions: DEFAULT_INSTRUCTIONS,
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    prompt: null,
    expires_at: options.nowSeconds + SESSION_LIFETIME_SECONDS,
    audio: {
      input: {
        format: { ...PCM_24K_FORMAT },
        // The package types these as non-null, the server sends null (see NULLABLE_ERRATA).
        transcription: null as unknown as undefined,
        noise_reduction: null as unknown as undefined,
        turn_detection: { type: 'server_vad', ...SERVER_VAD_DEFAULTS },
      },
      output: { format: { ...PCM_24K_FORMAT }, voice: DEFAULT_VOICE, speed: 1 },
    },
    include: null as unknown as undefined,
  };
}

/** Fills the defaults the server reports for a turn detection the client set partly. */
export function normalizeTurnDetection(value: TurnDetection | null | undefined): TurnDetection | null {
  if (!value) return null;
  if (value.type === 'server_vad') return { ...SERVER_VAD_DEFAULTS, ...value };
  return { eagerness: 'auto', create_response: true, interrupt_response: true, ...value };
}

export interface SessionUpdateError {
  code: string;
  message: string;
  param: string | null;
}

export interface SessionUpdateContext {
  /** The voice cannot change once the model has spoken, as on the real API. */
  assistantHasSpoken: boolean;
}

/** Merges a `session.update` into the session, or explains why the real API would refuse it. */
export function applySessionUpdate(
  current: SimSession,
  patch: SessionUpdatePatch,
  context: SessionUpdateContext,
): { session: SimSession } | { error: SessionUpdateError } {
  if (patch.type !== 'realtime') {
    return {
      error: {
        code: 'invalid_value',
        message: "Cannot change a 'realtime' session into a 'transcription' session. Open a new connection instead.",
        param: 'session.type',
      },
    };
  }
  const { audio, ...rest } = patch;
  const next: SimSession = { ...current, ...rest, type: 'realtime', object: 'realtime.session', id: current.id };
  // The model is chosen by the URL; the real API ignores a different one in session.update.
  next.model = current.model;
  if (audio) {
    const input = mergeInput(current.audio?.input ?? {}, audio.input);
    const output = { ...(current.audio?.output ?? {}), ...(audio.output ?? {}) };
    // A custom voice is set as `{id}`; the session (in both published schemas) reports a string.
    if (output.voice && typeof output.voice === 'object') output.voice = output.voice.id;
    // Compared by name or id, so re-sending the same custom `{id: "voice_…"}` (which the session
    // reports as the string id) is no change. The rule itself: "Voice cannot be changed during
    // the session once the model has responded with audio at least once"
    // (RealtimeAudioConfigOutput.voice, openai/resources/realtime/realtime.d.ts).
    const voiceChanged = audio.output?.voice !== undefined && voiceName(audio.output.voice) !== voiceName(current.audio?.output?.voice);
    if (voiceChanged && context.assistantHasSpoken) {
      return {
        error: {
          code: 'cannot_update_voice',
          message: 'Cannot update a conversation\'s voice if assistant audio is present.',
          param: 'session.audio.output.voice',
        },
      };
    }
    // A custom voice `{id}` is accepted in requests; the response type only knows names.
    next.audio = { input, output: output as SessionOutput };
  }
  return { session: next };
}

/** A voice as a name: a built-in voice's name, or a custom voice's id. */
export function voiceName(voice: string | { id: string } | null | undefined): string | null {
  if (voice === null || voice === undefined) return null;
  return typeof voice === 'string' ? voice : voice.id;
}

type SessionInput = NonNullable<NonNullable<SimSession['audio']>['input']>;
type SessionOutput = NonNullable<NonNullable<SimSession['audio']>['output']>;

function mergeInput(current: SessionInput, patch: SessionInputPatch | undefined): SessionInput {
  if (!patch) return current;
  const merged: SessionInput = { ...current };
  if (patch.format !== undefined) merged.format = patch.format;
  // `null` turns the feature off; the session then reports `null`, as the server does (and as
  // both published schemas allow). The package types have no `null` here, hence the casts.
  if (patch.transcription !== undefined) merged.transcription = patch.transcription as SessionInput['transcription'];
  if (patch.noise_reduction !== undefined) merged.noise_reduction = patch.noise_reduction as SessionInput['noise_reduction'];
  if (patch.turn_detection !== undefined) {
    merged.turn_detection = normalizeTurnDetection(patch.turn_detection) as SessionInput['turn_detection'];
  }
  return merged;
}
