// The Realtime models, as of MODELS_CHECKED (one dated list; the console, the client, the relay
// and the simulator take their default from here). Re-check it against these sources:
//
// - https://developers.openai.com/api/docs/models/gpt-realtime-2.1 — the current model page
//   ("an update of GPT-Realtime-2 with better alphanumeric recognition, silence and noise
//   handling and interruption behaviour"; reasoning effort configurable).
// - OpenAI's Agents SDK, whose RealtimeAgent default is gpt-realtime-2.1 since v0.13.0
//   (https://github.com/openai/openai-agents-js/releases/tag/v0.13.0; installed here as
//   @openai/agents-realtime 0.20, DEFAULT_OPENAI_REALTIME_MODEL).
// - The `openai` package 7.57 (node_modules/openai/resources/realtime/realtime.d.ts,
//   RealtimeSessionCreateRequest.model): the names the API accepts, and which are deprecated
//   ("Announced shutdown date: 2027-01-20").
// - https://developers.openai.com/api/docs/deprecations — the shutdown dates of the retired
//   names below (2026-04-22 notice: shutdown 2026-07-23; the gpt-4o preview group: 2026-05-07).

/** When this list was last checked against the sources above. */
export const MODELS_CHECKED = '2026-11-30';

export interface RealtimeModel {
  id: string;
  /** Takes `reasoning.effort` and `parallel_tool_calls`, and labels output items with a `phase`. */
  reasoning: boolean;
  /** Set for a deprecated model: the day it stops working, and what OpenAI points to instead. */
  shutdown?: { date: string; replacement?: string };
}

/** Models that work today, newest first. The default is first. */
export const REALTIME_MODELS: readonly RealtimeModel[] = [
  { id: 'gpt-realtime-2.1', reasoning: true },
  { id: 'gpt-realtime-2.1-mini', reasoning: true },
  { id: 'gpt-realtime-2', reasoning: true },
  { id: 'gpt-realtime-1.5', reasoning: false },
  { id: 'gpt-audio-1.5', reasoning: false },
  // Deprecated in the `openai` types; the Agents SDK and OpenAI's model page name 2.1 instead.
  { id: 'gpt-realtime', reasoning: false, shutdown: { date: '2027-01-20', replacement: 'gpt-realtime-2.1' } },
  { id: 'gpt-realtime-2025-08-28', reasoning: false, shutdown: { date: '2027-01-20', replacement: 'gpt-realtime-2.1' } },
  { id: 'gpt-realtime-mini', reasoning: false, shutdown: { date: '2027-01-20', replacement: 'gpt-realtime-2.1-mini' } },
  { id: 'gpt-realtime-mini-2025-12-15', reasoning: false, shutdown: { date: '2027-01-20', replacement: 'gpt-realtime-2.1-mini' } },
  { id: 'gpt-audio-mini', reasoning: false, shutdown: { date: '2027-01-20' } },
  { id: 'gpt-audio-mini-2025-12-15', reasoning: false, shutdown: { date: '2027-01-20' } },
];

export interface RetiredModel {
  id: string;
  /** The day it stopped working (a year when the day is not on record). */
  shutDown: string;
  /** What OpenAI named instead at the time (it may itself be deprecated since). */
  replacement: string;
}

/**
 * Names the `openai` types still list but the API no longer serves. The console refuses them
 * instead of letting a connection fail.
 */
export const RETIRED_REALTIME_MODELS: readonly RetiredModel[] = [
  { id: 'gpt-4o-realtime-preview', shutDown: '2026-05-07', replacement: 'gpt-realtime-1.5' },
  { id: 'gpt-4o-realtime-preview-2025-06-03', shutDown: '2026-05-07', replacement: 'gpt-realtime-1.5' },
  { id: 'gpt-4o-realtime-preview-2024-12-17', shutDown: '2026-05-07', replacement: 'gpt-realtime-1.5' },
  { id: 'gpt-4o-mini-realtime-preview', shutDown: '2026-05-07', replacement: 'gpt-realtime-mini' },
  { id: 'gpt-4o-mini-realtime-preview-2024-12-17', shutDown: '2026-07-23', replacement: 'gpt-realtime-mini' },
  { id: 'gpt-realtime-mini-2025-10-06', shutDown: '2026-07-23', replacement: 'gpt-realtime-mini' },
  { id: 'gpt-audio-mini-2025-10-06', shutDown: '2026-07-23', replacement: 'gpt-audio-mini' },
  // The first preview, retired in 2025 (openai/openai-realtime-api-beta#119).
  { id: 'gpt-4o-realtime-preview-2024-10-01', shutDown: '2025', replacement: 'gpt-realtime' },
];

/** The model OpenAI's docs and Agents SDK currently name for Realtime. */
export const DEFAULT_MODEL = REALTIME_MODELS[0].id;

export function realtimeModel(id: string): RealtimeModel | undefined {
  return REALTIME_MODELS.find((model) => model.id === id);
}

export function retiredModel(id: string): RetiredModel | undefined {
  return RETIRED_REALTIME_MODELS.find((model) => model.id === id);
}

/** The Realtime 2 family (`gpt-realtime-2`, `-2.1`, `-2.1-mini`, and dated snapshots of them). */
const REALTIME_2_NAME = /^gpt-realtime-2(\.\d+)?(-mini)?(-\d{4}-\d{2}-\d{2})?$/;

/** Whether a model takes reasoning settings: listed as such, or a name of the Realtime 2 family. */
export function isReasoningModel(id: string): boolean {
  return realtimeModel(id)?.reasoning ?? REALTIME_2_NAME.test(id);
}

/** A current model to use instead of `id`, following replacements that were retired since. */
export function currentReplacement(id: string): string {
  const seen = new Set<string>();
  let next = id;
  while (!seen.has(next)) {
    seen.add(next);
    const retired = retiredModel(next);
    const replacement = retired?.replacement ?? realtimeModel(next)?.shutdown?.replacement;
    if (!replacement) break;
    next = replacement;
  }
  return realtimeModel(next) && !realtimeModel(next)?.shutdown ? next : DEFAULT_MODEL;
}
