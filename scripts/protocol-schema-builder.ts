import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createGenerator, type Schema } from 'ts-json-schema-generator';

/** Builds the JSON Schema of `ClientEvent` and `ServerEvent` (src/lib/protocol/protocol-types.ts). */
export function buildProtocolSchema(): Schema {
  const root = join(__dirname, '..');
  const openaiPackage = join(root, 'node_modules', 'openai', 'package.json');
  const openaiVersion: string = JSON.parse(readFileSync(openaiPackage, 'utf8')).version;
  const generator = createGenerator({
    path: join(root, 'src', 'lib', 'protocol', 'protocol-types.ts'),
    type: '*',
    expose: 'export',
    topRef: true,
    jsDoc: 'basic',
    // Unknown fields are protocol errors (the real server answers `unknown_parameter`).
    additionalProperties: false,
    skipTypeCheck: true,
  });
  const schema = generator.createSchema('*');
  applyNullableErrata(schema);
  applyAddedProperties(schema);
  applyConstraints(schema);
  return { $comment: `Generated from openai@${openaiVersion} realtime types by scripts/generate-protocol-schema.ts. Do not edit.`, ...schema };
}

/**
 * Fields the package types as non-null where the protocol allows `null`: what the live server
 * (and the spec's own examples) send, and the request fields a client sets to `null` to turn a
 * feature off on a live session (transcription, noise reduction). The same corrections OpenAI's
 * published schema needed; each is `[definition, property]`.
 */
export const NULLABLE_ERRATA: ReadonlyArray<readonly [string, string]> = [
  ['RealtimeResponse', 'status_details'],
  ['RealtimeResponse', 'usage'],
  ['ConversationItemInputAudioTranscriptionFailedEvent.Error', 'code'],
  ['ConversationItemInputAudioTranscriptionFailedEvent.Error', 'param'],
  // A user audio item not (yet) transcribed: the live server sends `transcript: null` and OpenAI's
  // Agents SDK requires it (`z.string().nullable()`); the package types `transcript?: string`.
  ['RealtimeConversationItemUserMessage.Content', 'transcript'],
  // Requests: `null` turns the feature off (`session.update`).
  ['RealtimeAudioConfigInput', 'noise_reduction'],
  ['RealtimeAudioConfigInput', 'transcription'],
  ['RealtimeTranscriptionSessionAudioInput', 'noise_reduction'],
  ['RealtimeTranscriptionSessionAudioInput', 'transcription'],
  // Responses.
  ['RealtimeSessionCreateResponse', 'include'],
  ['RealtimeSessionCreateResponse.Audio.Input', 'noise_reduction'],
  ['RealtimeSessionCreateResponse.Audio.Input', 'transcription'],
  ['RealtimeTranscriptionSessionCreateResponse', 'include'],
  ['RealtimeTranscriptionSessionCreateResponse.Audio.Input', 'noise_reduction'],
  ['RealtimeTranscriptionSessionCreateResponse.Audio.Input', 'transcription'],
];

function applyNullableErrata(schema: Schema): void {
  const definitions = (schema.definitions ?? {}) as Record<string, Schema>;
  for (const [name, property] of NULLABLE_ERRATA) {
    const properties = definitions[name]?.properties as Record<string, Schema> | undefined;
    const field = properties?.[property];
    if (!properties || !field) throw new Error(`schema errata: ${name}.${property} not found (did the openai types change?)`);
    const alreadyNullable = JSON.stringify(field).includes('"type":"null"');
    if (!alreadyNullable) properties[property] = { anyOf: [field, { type: 'null' }] };
  }
}

/**
 * Fields the live API sends that the package does not type. Strict validation (our simulator,
 * the Agents SDK tests) would refuse them; a test fails once the types declare one (then drop it).
 */
export const ADDED_PROPERTIES: ReadonlyArray<readonly [definition: string, property: string, schema: Schema, source: string]> = [
  // The package types `obfuscation` only on `response.mcp_call_arguments.delta`; OpenAI's schema
  // on neither delta. The extracted official schema adds it to the transcription delta as an
  // erratum of its own (realtime-protocol/source.json, errataApplied: "ga:
  // RealtimeServerEventConversationItemInputAudioTranscriptionDelta addProperty obfuscation").
  [
    'ConversationItemInputAudioTranscriptionDeltaEvent',
    'obfuscation',
    { type: 'string' },
    'realtime-protocol/source.json errataApplied; realtime-ga.schema.json#/$defs/RealtimeServerEventConversationItemInputAudioTranscriptionDelta/properties/obfuscation',
  ],
];

function applyAddedProperties(schema: Schema): void {
  const definitions = (schema.definitions ?? {}) as Record<string, Schema>;
  for (const [name, property, field] of ADDED_PROPERTIES) {
    const properties = definitions[name]?.properties as Record<string, Schema> | undefined;
    if (!properties) throw new Error(`schema errata: ${name} not found (did the openai types change?)`);
    if (properties[property]) throw new Error(`schema errata: ${name}.${property} is typed now: drop it from ADDED_PROPERTIES`);
    properties[property] = field;
  }
}

/** The keywords a constraint may set; `type: 'integer'` narrows a `number`. */
export interface Constraint {
  type?: 'integer';
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  pattern?: string;
  maxProperties?: number;
  propertyNames?: { maxLength: number };
}

const OPENAI_TYPES = 'openai/resources/realtime/realtime.d.ts';
const official = (pointer: string): string => `realtime-ga.schema.json#/$defs/${pointer}`;

/**
 * Integer types and ranges the `openai` types cannot say (`number`, ranges only in JSDoc prose),
 * so that the schema refuses what the server refuses (`speed: 3`, `audio_end_ms: 10.5`...).
 * Each entry is `[at, keywords, source]`: `at` is `Definition/property/...` in the generated
 * schema (`[]` for array items, `{}` for map values); the keywords go on every node of the
 * matching type there (through `anyOf`, e.g. the number of `number | 'inf'`).
 *
 * OFFICIAL_CONSTRAINTS was derived mechanically (testing/schema-constraints.ts) from every
 * `type: integer`, `minimum`, `maximum`, `minItems`, `maxItems`, `maxLength` and `pattern` of
 * OpenAI's published schema (`realtime-protocol/realtime-ga.schema.json`, openai-openapi
 * f85dbe2) that the generated schema lacked; sources are pointers into that file. A test
 * repeats the comparison when that folder is present, so the list cannot go stale silently.
 */
export const OFFICIAL_CONSTRAINTS: ReadonlyArray<readonly [at: string, set: Constraint, source: string]> = [
  ['AudioTranscription/languages', { minItems: 1 }, official('AudioTranscription/properties/languages') + ' ' + official('AudioTranscriptionResponse/properties/languages')],
  ['ConversationItemCreateEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventConversationItemCreate/properties/event_id')],
  ['ConversationItemDeleteEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventConversationItemDelete/properties/event_id')],
  ['ConversationItemInputAudioTranscriptionCompletedEvent.TranscriptTextUsageTokens.InputTokenDetails/audio_tokens', { type: 'integer' }, official('TranscriptTextUsageTokens/properties/input_token_details/properties/audio_tokens')],
  ['ConversationItemInputAudioTranscriptionCompletedEvent.TranscriptTextUsageTokens.InputTokenDetails/text_tokens', { type: 'integer' }, official('TranscriptTextUsageTokens/properties/input_token_details/properties/text_tokens')],
  ['ConversationItemInputAudioTranscriptionCompletedEvent.TranscriptTextUsageTokens/input_tokens', { type: 'integer' }, official('TranscriptTextUsageTokens/properties/input_tokens')],
  ['ConversationItemInputAudioTranscriptionCompletedEvent.TranscriptTextUsageTokens/output_tokens', { type: 'integer' }, official('TranscriptTextUsageTokens/properties/output_tokens')],
  ['ConversationItemInputAudioTranscriptionCompletedEvent.TranscriptTextUsageTokens/total_tokens', { type: 'integer' }, official('TranscriptTextUsageTokens/properties/total_tokens')],
  ['ConversationItemInputAudioTranscriptionCompletedEvent/content_index', { type: 'integer' }, official('RealtimeServerEventConversationItemInputAudioTranscriptionCompleted/properties/content_index')],
  ['ConversationItemInputAudioTranscriptionDeltaEvent/content_index', { type: 'integer' }, official('RealtimeServerEventConversationItemInputAudioTranscriptionDelta/properties/content_index')],
  ['ConversationItemInputAudioTranscriptionFailedEvent/content_index', { type: 'integer' }, official('RealtimeServerEventConversationItemInputAudioTranscriptionFailed/properties/content_index')],
  ['ConversationItemInputAudioTranscriptionSegment/content_index', { type: 'integer' }, official('RealtimeServerEventConversationItemInputAudioTranscriptionSegment/properties/content_index')],
  ['ConversationItemRetrieveEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventConversationItemRetrieve/properties/event_id')],
  ['ConversationItemTruncatedEvent/audio_end_ms', { type: 'integer' }, official('RealtimeServerEventConversationItemTruncated/properties/audio_end_ms')],
  ['ConversationItemTruncatedEvent/content_index', { type: 'integer' }, official('RealtimeServerEventConversationItemTruncated/properties/content_index')],
  ['ConversationItemTruncateEvent/audio_end_ms', { type: 'integer' }, official('RealtimeClientEventConversationItemTruncate/properties/audio_end_ms')],
  ['ConversationItemTruncateEvent/content_index', { type: 'integer' }, official('RealtimeClientEventConversationItemTruncate/properties/content_index')],
  ['ConversationItemTruncateEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventConversationItemTruncate/properties/event_id')],
  ['InputAudioBufferAppendEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventInputAudioBufferAppend/properties/event_id')],
  ['InputAudioBufferClearEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventInputAudioBufferClear/properties/event_id')],
  ['InputAudioBufferCommitEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventInputAudioBufferCommit/properties/event_id')],
  ['InputAudioBufferDtmfEventReceivedEvent/received_at', { type: 'integer' }, official('RealtimeServerEventInputAudioBufferDtmfEventReceived/properties/received_at')],
  ['InputAudioBufferSpeechStartedEvent/audio_start_ms', { type: 'integer' }, official('RealtimeServerEventInputAudioBufferSpeechStarted/properties/audio_start_ms')],
  ['InputAudioBufferSpeechStoppedEvent/audio_end_ms', { type: 'integer' }, official('RealtimeServerEventInputAudioBufferSpeechStopped/properties/audio_end_ms')],
  ['InputAudioBufferTimeoutTriggered/audio_end_ms', { type: 'integer' }, official('RealtimeServerEventInputAudioBufferTimeoutTriggered/properties/audio_end_ms')],
  ['InputAudioBufferTimeoutTriggered/audio_start_ms', { type: 'integer' }, official('RealtimeServerEventInputAudioBufferTimeoutTriggered/properties/audio_start_ms')],
  ['LogProbProperties/bytes[]', { type: 'integer' }, official('LogProbProperties/properties/bytes/items')],
  ['RateLimitsUpdatedEvent.RateLimit/limit', { type: 'integer' }, official('RealtimeServerEventRateLimitsUpdated/properties/rate_limits/items/properties/limit')],
  ['RateLimitsUpdatedEvent.RateLimit/remaining', { type: 'integer' }, official('RealtimeServerEventRateLimitsUpdated/properties/rate_limits/items/properties/remaining')],
  ['RealtimeAudioConfigOutput/speed', { minimum: 0.25, maximum: 1.5 }, official('RealtimeSessionCreateRequestGA/properties/audio/properties/output/properties/speed')],
  // idle_timeout_ms: the official schema bounds it (5000-30000); the package's JSDoc states no range.
  ['RealtimeAudioInputTurnDetection.ServerVad/idle_timeout_ms', { type: 'integer', minimum: 5000, maximum: 30000 }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/idle_timeout_ms/anyOf/0')],
  ['RealtimeAudioInputTurnDetection.ServerVad/prefix_padding_ms', { type: 'integer' }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/prefix_padding_ms')],
  ['RealtimeAudioInputTurnDetection.ServerVad/silence_duration_ms', { type: 'integer' }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/silence_duration_ms')],
  ['RealtimeMcphttpError/code', { type: 'integer' }, official('RealtimeMCPHTTPError/properties/code')],
  ['RealtimeMcpProtocolError/code', { type: 'integer' }, official('RealtimeMCPProtocolError/properties/code')],
  ['RealtimeResponse/max_output_tokens', { type: 'integer' }, official('RealtimeResponse/properties/max_output_tokens/anyOf/0')],
  ['RealtimeResponseCreateParamsWithReferencesParam.McpTool/allowed_callers', { minItems: 1 }, official('MCPTool/properties/allowed_callers/anyOf/0')],
  ['RealtimeResponseCreateParamsWithReferencesParam.McpTool/tunnel_id', { pattern: '^tunnel_[a-z0-9]{32}$' }, official('MCPTool/properties/tunnel_id')],
  ['RealtimeResponseCreateParamsWithReferencesParam/max_output_tokens', { type: 'integer' }, official('RealtimeResponseCreateParams/properties/max_output_tokens/anyOf/0')],
  ['RealtimeResponseUsage/input_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_tokens')],
  ['RealtimeResponseUsage/output_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/output_tokens')],
  ['RealtimeResponseUsage/total_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/total_tokens')],
  ['RealtimeResponseUsageInputTokenDetails.CachedTokensDetails/audio_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/cached_tokens_details/properties/audio_tokens')],
  ['RealtimeResponseUsageInputTokenDetails.CachedTokensDetails/image_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/cached_tokens_details/properties/image_tokens')],
  ['RealtimeResponseUsageInputTokenDetails.CachedTokensDetails/text_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/cached_tokens_details/properties/text_tokens')],
  ['RealtimeResponseUsageInputTokenDetails/audio_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/audio_tokens')],
  ['RealtimeResponseUsageInputTokenDetails/cached_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/cached_tokens')],
  ['RealtimeResponseUsageInputTokenDetails/image_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/image_tokens')],
  ['RealtimeResponseUsageInputTokenDetails/text_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/input_token_details/properties/text_tokens')],
  ['RealtimeResponseUsageOutputTokenDetails/audio_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/output_token_details/properties/audio_tokens')],
  ['RealtimeResponseUsageOutputTokenDetails/text_tokens', { type: 'integer' }, official('RealtimeResponse/properties/usage/properties/output_token_details/properties/text_tokens')],
  ['RealtimeSessionCreateRequest/max_output_tokens', { type: 'integer' }, official('RealtimeSessionCreateRequestGA/properties/max_output_tokens/anyOf/0')],
  ['RealtimeSessionCreateResponse.Audio.Input.ServerVad/idle_timeout_ms', { type: 'integer', minimum: 5000, maximum: 30000 }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/idle_timeout_ms/anyOf/0')],
  ['RealtimeSessionCreateResponse.Audio.Input.ServerVad/prefix_padding_ms', { type: 'integer' }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/prefix_padding_ms')],
  ['RealtimeSessionCreateResponse.Audio.Input.ServerVad/silence_duration_ms', { type: 'integer' }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/silence_duration_ms')],
  ['RealtimeSessionCreateResponse.Audio.Output/speed', { minimum: 0.25, maximum: 1.5 }, official('RealtimeSessionCreateResponseGA/properties/audio/properties/output/properties/speed')],
  ['RealtimeSessionCreateResponse.McpTool/allowed_callers', { minItems: 1 }, official('MCPTool/properties/allowed_callers/anyOf/0')],
  ['RealtimeSessionCreateResponse.McpTool/tunnel_id', { pattern: '^tunnel_[a-z0-9]{32}$' }, official('MCPTool/properties/tunnel_id')],
  ['RealtimeSessionCreateResponse/expires_at', { type: 'integer' }, official('RealtimeSessionCreateResponseGA/properties/expires_at')],
  ['RealtimeSessionCreateResponse/max_output_tokens', { type: 'integer' }, official('RealtimeSessionCreateResponseGA/properties/max_output_tokens/anyOf/0')],
  ['RealtimeToolsConfigUnion.Mcp/allowed_callers', { minItems: 1 }, official('MCPTool/properties/allowed_callers/anyOf/0')],
  ['RealtimeToolsConfigUnion.Mcp/tunnel_id', { pattern: '^tunnel_[a-z0-9]{32}$' }, official('MCPTool/properties/tunnel_id')],
  ['RealtimeTranscriptionSessionAudioInputTurnDetection.ServerVad/idle_timeout_ms', { type: 'integer', minimum: 5000, maximum: 30000 }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/idle_timeout_ms/anyOf/0')],
  ['RealtimeTranscriptionSessionAudioInputTurnDetection.ServerVad/prefix_padding_ms', { type: 'integer' }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/prefix_padding_ms')],
  ['RealtimeTranscriptionSessionAudioInputTurnDetection.ServerVad/silence_duration_ms', { type: 'integer' }, official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/silence_duration_ms')],
  ['RealtimeTranscriptionSessionCreateResponse/expires_at', { type: 'integer' }, official('RealtimeTranscriptionSessionCreateResponseGA/properties/expires_at')],
  ['RealtimeTranscriptionSessionTurnDetection/prefix_padding_ms', { type: 'integer' }, official('RealtimeTranscriptionSessionCreateResponseGA/properties/audio/properties/input/properties/turn_detection/anyOf/0/properties/prefix_padding_ms')],
  ['RealtimeTranscriptionSessionTurnDetection/silence_duration_ms', { type: 'integer' }, official('RealtimeTranscriptionSessionCreateResponseGA/properties/audio/properties/input/properties/turn_detection/anyOf/0/properties/silence_duration_ms')],
  ['RealtimeTruncationRetentionRatio.TokenLimits/post_instructions', { type: 'integer', minimum: 0 }, official('RealtimeTruncation/anyOf/1/properties/token_limits/properties/post_instructions')],
  ['RealtimeTruncationRetentionRatio/retention_ratio', { minimum: 0, maximum: 1 }, official('RealtimeTruncation/anyOf/1/properties/retention_ratio')],
  ['ResponseAudioDeltaEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioDelta/properties/content_index')],
  ['ResponseAudioDeltaEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioDelta/properties/output_index')],
  ['ResponseAudioDoneEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioDone/properties/content_index')],
  ['ResponseAudioDoneEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioDone/properties/output_index')],
  ['ResponseAudioTranscriptDeltaEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioTranscriptDelta/properties/content_index')],
  ['ResponseAudioTranscriptDeltaEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioTranscriptDelta/properties/output_index')],
  ['ResponseAudioTranscriptDoneEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioTranscriptDone/properties/content_index')],
  ['ResponseAudioTranscriptDoneEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseAudioTranscriptDone/properties/output_index')],
  ['ResponseCancelEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventResponseCancel/properties/event_id')],
  ['ResponseContentPartAddedEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseContentPartAdded/properties/content_index')],
  ['ResponseContentPartAddedEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseContentPartAdded/properties/output_index')],
  ['ResponseContentPartDoneEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseContentPartDone/properties/content_index')],
  ['ResponseContentPartDoneEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseContentPartDone/properties/output_index')],
  ['ResponseCreateEventWithReferencesParam/event_id', { maxLength: 512 }, official('RealtimeClientEventResponseCreate/properties/event_id')],
  ['ResponseFunctionCallArgumentsDeltaEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseFunctionCallArgumentsDelta/properties/output_index')],
  ['ResponseFunctionCallArgumentsDoneEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseFunctionCallArgumentsDone/properties/output_index')],
  ['ResponseMcpCallArgumentsDelta/output_index', { type: 'integer' }, official('RealtimeServerEventResponseMCPCallArgumentsDelta/properties/output_index')],
  ['ResponseMcpCallArgumentsDone/output_index', { type: 'integer' }, official('RealtimeServerEventResponseMCPCallArgumentsDone/properties/output_index')],
  ['ResponseMcpCallCompleted/output_index', { type: 'integer' }, official('RealtimeServerEventResponseMCPCallCompleted/properties/output_index')],
  ['ResponseMcpCallFailed/output_index', { type: 'integer' }, official('RealtimeServerEventResponseMCPCallFailed/properties/output_index')],
  ['ResponseMcpCallInProgress/output_index', { type: 'integer' }, official('RealtimeServerEventResponseMCPCallInProgress/properties/output_index')],
  ['ResponseOutputItemAddedEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseOutputItemAdded/properties/output_index')],
  ['ResponseOutputItemDoneEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseOutputItemDone/properties/output_index')],
  ['ResponseTextDeltaEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseTextDelta/properties/content_index')],
  ['ResponseTextDeltaEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseTextDelta/properties/output_index')],
  ['ResponseTextDoneEvent/content_index', { type: 'integer' }, official('RealtimeServerEventResponseTextDone/properties/content_index')],
  ['ResponseTextDoneEvent/output_index', { type: 'integer' }, official('RealtimeServerEventResponseTextDone/properties/output_index')],
  ['SessionUpdateEvent/event_id', { maxLength: 512 }, official('RealtimeClientEventSessionUpdate/properties/event_id')],
];

/**
 * Limits stated only in prose: in the package's JSDoc and, where noted, in the description (not
 * the keywords) of the official schema. Applied to what a client sends (and, where harmless, to
 * what the server echoes).
 */
export const PROSE_CONSTRAINTS: ReadonlyArray<readonly [at: string, set: Constraint, source: string]> = [
  // "Provide an integer between 1 and 4096 to limit output tokens, or `inf`". Requests only: a
  // server may echo a larger model limit, which the console must not mark.
  ['RealtimeSessionCreateRequest/max_output_tokens', { minimum: 1, maximum: 4096 }, `${OPENAI_TYPES} RealtimeSessionCreateRequest.max_output_tokens; ${official('RealtimeSessionCreateRequestGA/properties/max_output_tokens')} description`],
  ['RealtimeResponseCreateParamsWithReferencesParam/max_output_tokens', { minimum: 1, maximum: 4096 }, `${OPENAI_TYPES} RealtimeResponseCreateParamsWithReferencesParam.max_output_tokens; ${official('RealtimeResponseCreateParams/properties/max_output_tokens')} description`],
  // "It is not possible to request both `text` and `audio` at the same time" (sessions); "the
  // only possible values are `["audio"]`, `["text"]`" (responses). An empty list is not ruled
  // out in so many words, so only the upper bound.
  ['RealtimeSessionCreateRequest/output_modalities', { maxItems: 1 }, `${OPENAI_TYPES} RealtimeSessionCreateRequest.output_modalities; ${official('RealtimeSessionCreateRequestGA/properties/output_modalities')} description`],
  ['RealtimeSessionCreateResponse/output_modalities', { maxItems: 1 }, `openai/resources/realtime/client-secrets.d.ts RealtimeSessionCreateResponse.output_modalities; ${official('RealtimeSessionCreateResponseGA/properties/output_modalities')} description`],
  ['RealtimeResponseCreateParamsWithReferencesParam/output_modalities', { maxItems: 1 }, `${OPENAI_TYPES} RealtimeResponseCreateParamsWithReferencesParam.output_modalities; ${official('RealtimeResponseCreateParams/properties/output_modalities')} description`],
  ['RealtimeResponse/output_modalities', { maxItems: 1 }, `${OPENAI_TYPES} RealtimeResponse.output_modalities; ${official('RealtimeResponse/properties/output_modalities')} description`],
  // "Activation threshold for VAD (0.0 to 1.0)".
  ['RealtimeAudioInputTurnDetection.ServerVad/threshold', { minimum: 0, maximum: 1 }, `${OPENAI_TYPES} RealtimeAudioInputTurnDetection.ServerVad.threshold; ${official('RealtimeTurnDetection/anyOf/0/anyOf/0/properties/threshold')} description`],
  ['RealtimeTranscriptionSessionAudioInputTurnDetection.ServerVad/threshold', { minimum: 0, maximum: 1 }, `${OPENAI_TYPES} RealtimeTranscriptionSessionAudioInputTurnDetection.ServerVad.threshold; same description`],
  ['RealtimeSessionCreateResponse.Audio.Input.ServerVad/threshold', { minimum: 0, maximum: 1 }, 'openai/resources/realtime/client-secrets.d.ts RealtimeSessionCreateResponse.Audio.Input.ServerVad.threshold'],
  ['RealtimeTranscriptionSessionTurnDetection/threshold', { minimum: 0, maximum: 1 }, `${OPENAI_TYPES} RealtimeTranscriptionSessionTurnDetection.threshold; ${official('RealtimeTranscriptionSessionCreateResponseGA/properties/audio/properties/input/properties/turn_detection/anyOf/0/properties/threshold')} description`],
  // "Set of 16 key-value pairs ... Keys ... maximum length of 64 characters. Values ... 512".
  ['Metadata', { maxProperties: 16, propertyNames: { maxLength: 64 } }, `openai/resources/shared.d.ts Metadata; ${official('Metadata/anyOf/0')} description`],
  ['Metadata{}', { maxLength: 512 }, `openai/resources/shared.d.ts Metadata; ${official('Metadata/anyOf/0')} description`],
];

const NUMBER_KEYWORDS = ['type', 'minimum', 'maximum'];
const ARRAY_KEYWORDS = ['minItems', 'maxItems'];
const STRING_KEYWORDS = ['maxLength', 'pattern'];
const OBJECT_KEYWORDS = ['maxProperties', 'propertyNames'];

function typesOf(node: Schema): string[] {
  return typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type : [];
}

/** The nodes a constraint applies to: at `at`, through `anyOf`, of the kind its keywords need. */
function constraintTargets(schema: Schema, at: string, set: Constraint): Schema[] {
  const definitions = (schema.definitions ?? {}) as Record<string, Schema>;
  // `Name/prop/list[]/map{}`: each segment is a name followed by item / value steps.
  const segments = at.split('/').map((segment) => {
    const [, base, suffixes] = /^(.*?)((?:\[\]|\{\})*)$/.exec(segment) ?? ['', segment, ''];
    return { base, steps: suffixes.match(/\[\]|\{\}/g) ?? [] };
  });
  const [head, ...rest] = segments;
  const steps = [...head.steps, ...rest.flatMap(({ base, steps: more }) => [base, ...more])];
  const flatten = (node: Schema): Schema[] => (node.anyOf ? (node.anyOf as Schema[]).flatMap(flatten) : [node]);
  let nodes: Schema[] = definitions[head.base] ? [definitions[head.base]] : [];
  for (const step of steps) {
    nodes = nodes.flatMap(flatten).flatMap((node): Schema[] => {
      if (step === '[]') return node.items && typeof node.items === 'object' ? [node.items as Schema] : [];
      if (step === '{}') return node.additionalProperties && typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [];
      const child = (node.properties as Record<string, Schema> | undefined)?.[step];
      return child ? [child] : [];
    });
  }
  const keywords = Object.keys(set);
  const kind = (list: string[]) => keywords.every((k) => list.includes(k));
  const wanted = kind(NUMBER_KEYWORDS) ? ['number', 'integer'] : kind(ARRAY_KEYWORDS) ? ['array'] : kind(STRING_KEYWORDS) ? ['string'] : kind(OBJECT_KEYWORDS) ? ['object'] : null;
  if (!wanted) throw new Error(`schema constraints: ${at} mixes keywords of different types (${keywords.join(', ')})`);
  return nodes.flatMap(flatten).filter((node) => typesOf(node).some((t) => wanted.includes(t)));
}

function applyConstraints(schema: Schema): void {
  for (const [at, set] of [...OFFICIAL_CONSTRAINTS, ...PROSE_CONSTRAINTS]) {
    const targets = constraintTargets(schema, at, set);
    if (targets.length === 0) throw new Error(`schema constraints: nothing to constrain at ${at} (did the openai types change?)`);
    for (const node of targets) {
      const { type, ...rest } = set;
      if (type === 'integer') node.type = Array.isArray(node.type) ? node.type.map((t) => (t === 'number' ? 'integer' : t)) : 'integer';
      Object.assign(node, rest);
    }
  }
}
