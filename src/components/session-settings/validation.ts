// What keeps settings from being applied, field by field, as sentences the form shows. Only the
// fields that matter for the chosen modes are judged (see relevantFields).
import { currentReplacement, retiredModel } from '../../lib/protocol/models';
import { rangeError, type LimitedField } from './limits';
import { TRANSCRIPTION_MODELS_WITHOUT_PROMPT } from './options';
import { NONE, relevantFields, type SessionSettings, type SettingsField } from './sessionSettings';
import { isRecord } from '../../lib/shared/json';

export type SettingsErrors = Partial<Record<SettingsField, string>>;

/** ISO-639-1: two lowercase letters (AudioTranscription.language). */
const LANGUAGE_CODE = /^[a-z]{2}$/;

function isJsonObject(textValue: string): boolean {
  try {
    return isRecord(JSON.parse(textValue));
  } catch {
    return false;
  }
}

/** Prompt variables the form can send: a JSON object of strings (ResponsePrompt.variables). */
function isStringMap(textValue: string): boolean {
  if (!isJsonObject(textValue)) return false;
  return Object.values(JSON.parse(textValue) as Record<string, unknown>).every((value) => typeof value === 'string');
}

function modelError(model: string): string | null {
  if (!model.trim()) return 'Enter a model name.';
  const retired = retiredModel(model.trim());
  if (!retired) return null;
  return `${retired.id} was shut down (${retired.shutDown}): choose a current model, e.g. ${currentReplacement(retired.id)}.`;
}

const RANGED: ReadonlyArray<[SettingsField & LimitedField, (s: SessionSettings) => number | null]> = [
  ['vadThreshold', (s) => s.vadThreshold],
  ['vadPrefixPaddingMs', (s) => s.vadPrefixPaddingMs],
  ['vadSilenceDurationMs', (s) => s.vadSilenceDurationMs],
  ['idleTimeoutMs', (s) => s.idleTimeoutMs],
  ['maxOutputTokens', (s) => (s.maxOutputTokens === 'inf' ? null : s.maxOutputTokens)],
  ['speed', (s) => s.speed],
  ['retentionRatio', (s) => s.retentionRatio],
  ['truncationTokenLimit', (s) => s.truncationTokenLimit],
];

/** Problems that keep the settings from being applied, by field. */
export function settingsErrors(settings: SessionSettings): SettingsErrors {
  const errors: SettingsErrors = {};
  const relevant = new Set(relevantFields(settings));
  for (const [field, read] of RANGED) {
    const value = read(settings);
    const problem = relevant.has(field) && value !== null ? rangeError(field, value) : null;
    if (problem) errors[field] = `Enter ${problem}.`;
  }
  const model = modelError(settings.model);
  if (model) errors.model = model;
  if (!settings.voice.trim()) errors.voice = 'Enter a voice.';
  if (relevant.has('transcriptionLanguage') && settings.transcriptionLanguage.trim() && !LANGUAGE_CODE.test(settings.transcriptionLanguage.trim())) {
    errors.transcriptionLanguage = 'Enter an ISO-639-1 code such as en or fr, or leave it empty.';
  }
  if (settings.transcriptionModel !== NONE && settings.transcriptionPrompt && TRANSCRIPTION_MODELS_WITHOUT_PROMPT.includes(settings.transcriptionModel)) {
    errors.transcriptionPrompt = `${settings.transcriptionModel} takes no prompt: leave it empty.`;
  }
  if (settings.toolChoice === 'function' && !settings.toolChoiceName.trim()) errors.toolChoiceName = 'Enter the function to call.';
  if (settings.toolChoice === 'mcp' && !settings.toolChoiceServer.trim()) errors.toolChoiceServer = "Enter the MCP server's label.";
  if (relevant.has('tracingMetadata') && settings.tracingMetadata.trim() && !isJsonObject(settings.tracingMetadata)) {
    errors.tracingMetadata = 'Enter a JSON object, e.g. {"team": "voice"}, or leave it empty.';
  }
  if (!settings.promptId.trim() && (settings.promptVersion.trim() || settings.promptVariables.trim())) {
    errors.promptId = 'Enter the prompt id: a version or variables need one.';
  }
  if (relevant.has('promptVariables') && settings.promptVariables.trim() && !isStringMap(settings.promptVariables)) {
    errors.promptVariables = 'Enter a JSON object of strings, e.g. {"name": "Ada"}, or leave it empty.';
  }
  return errors;
}
