// Item shapes and refusals where the live API differs from what its types suggest, each with
// the source that shows what the API does.
import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ErrorInfo } from './client-errors';

type UserContentPart = Extract<ConversationItem, { role: 'user' }>['content'][number];

/**
 * A user audio part before (or without) transcription: `{type: "input_audio", transcript: null}`.
 * The live API sends `transcript: null` here, and OpenAI's Agents SDK requires it (its
 * realtimeMessageItemSchema: `transcript: z.string().nullable()`, not optional; issue 12, item 15).
 * The openai package types it `transcript?: string` and OpenAI's published schema `type: string`;
 * both schemas the tests use carry an errata for it (NULLABLE_ERRATA, OFFICIAL_ERRATA).
 */
export function untranscribedAudioPart(): UserContentPart {
  return { type: 'input_audio', transcript: null as unknown as string };
}

/**
 * The API cannot create an assistant message with `output_audio` content. What it answers, seen
 * on the live API (openai/openai-agents-js#963, an `output_audio` part with a transcript):
 * `missing_required_parameter`, "Missing required parameter: 'item.content[0].text'.". For a
 * part that does carry `text` the live answer is not documented: refused with `invalid_value`.
 */
export function refuseAssistantAudio(item: ConversationItem): Omit<ErrorInfo, 'type'> | null {
  if (item.type !== 'message' || item.role !== 'assistant') return null;
  const index = item.content.findIndex((part) => part.type === 'output_audio');
  if (index < 0) return null;
  const param = `item.content[${index}].text`;
  if (item.content[index].text === undefined) return { code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.`, param };
  return {
    code: 'invalid_value',
    message: `Invalid 'item.content[${index}].type': assistant 'output_audio' content cannot be created; send the words as 'output_text'.`,
    param: `item.content[${index}].type`,
  };
}
