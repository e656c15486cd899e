// GA server events for tests, shaped as the published schema says (tests validate each one).
import assert from 'node:assert/strict';
import type { ConversationItem, LogProbProperties, RateLimitsUpdatedEvent, RealtimeResponse } from 'openai/resources/realtime/realtime';
import type { ServerEvent, ServerSession } from '../../protocol/protocol-types';
import { validateServerEvent } from '../../protocol/validate';
import { errorEvent } from '../../protocol/error-events';
import { officialProtocol } from '../../../../testing/official-protocol';
import { int16ToBase64 } from '../../audio-codec/pcm';

let counter = 0;
const eventId = (): string => `event_${++counter}`;

/** Every event validates strictly against the project schema, and the official one when present. */
export function assertValidServerEvents(events: readonly unknown[]): void {
  const official = officialProtocol();
  for (const event of events) {
    const ours = validateServerEvent(event, { strict: true });
    assert.equal(ours.valid, true, `${ours.type}: ${ours.errors.join('; ')}`);
    if (official) {
      const theirs = official.validate('server', event);
      assert.equal(theirs.valid, true, `official ${theirs.type}: ${theirs.errors.join('; ')}`);
    }
  }
}

export function session(id = 'sess_test'): ServerSession {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id,
    model: 'gpt-realtime',
    output_modalities: ['audio'],
    instructions: '',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    audio: {
      input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
    },
  };
}

export const ev = {
  sessionCreated: (s = session()): ServerEvent => ({ type: 'session.created', event_id: eventId(), session: s }),
  sessionUpdated: (s = session()): ServerEvent => ({ type: 'session.updated', event_id: eventId(), session: s }),
  error: (message: string, code = 'invalid_value'): ServerEvent => errorEvent(eventId(), { code, message }),
  responseCreated: (id: string): ServerEvent => ({
    type: 'response.created',
    event_id: eventId(),
    response: { object: 'realtime.response', id, status: 'in_progress', output: [], output_modalities: ['audio'] },
  }),
  responseDone: (id: string, output: ConversationItem[], status: 'completed' | 'cancelled' = 'completed'): ServerEvent => ({
    type: 'response.done',
    event_id: eventId(),
    response: { object: 'realtime.response', id, status, output, output_modalities: ['audio'] },
  }),
  outputItemAdded: (responseId: string, item: ConversationItem, outputIndex = 0): ServerEvent => ({
    type: 'response.output_item.added',
    event_id: eventId(),
    response_id: responseId,
    output_index: outputIndex,
    item,
  }),
  outputItemDone: (responseId: string, item: ConversationItem, outputIndex = 0): ServerEvent => ({
    type: 'response.output_item.done',
    event_id: eventId(),
    response_id: responseId,
    output_index: outputIndex,
    item,
  }),
  itemAdded: (item: ConversationItem, previous: string | null = null): ServerEvent => ({
    type: 'conversation.item.added',
    event_id: eventId(),
    previous_item_id: previous,
    item,
  }),
  itemDone: (item: ConversationItem, previous: string | null = null): ServerEvent => ({
    type: 'conversation.item.done',
    event_id: eventId(),
    previous_item_id: previous,
    item,
  }),
  contentPartAdded: (responseId: string, itemId: string, type: 'text' | 'audio'): ServerEvent => ({
    type: 'response.content_part.added',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    part: type === 'text' ? { type, text: '' } : { type, transcript: '' },
  }),
  contentPartDone: (responseId: string, itemId: string, part: { type: 'text'; text: string } | { type: 'audio'; transcript: string }): ServerEvent => ({
    type: 'response.content_part.done',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    part,
  }),
  textDelta: (responseId: string, itemId: string, delta: string): ServerEvent => ({
    type: 'response.output_text.delta',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta,
  }),
  textDone: (responseId: string, itemId: string, text: string): ServerEvent => ({
    type: 'response.output_text.done',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    text,
  }),
  audioDelta: (responseId: string, itemId: string, samples: Int16Array): ServerEvent => ({
    type: 'response.output_audio.delta',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta: int16ToBase64(samples),
  }),
  audioDone: (responseId: string, itemId: string): ServerEvent => ({
    type: 'response.output_audio.done',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
  }),
  transcriptDelta: (responseId: string, itemId: string, delta: string): ServerEvent => ({
    type: 'response.output_audio_transcript.delta',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta,
  }),
  transcriptDone: (responseId: string, itemId: string, transcript: string): ServerEvent => ({
    type: 'response.output_audio_transcript.done',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    transcript,
  }),
  argumentsDelta: (responseId: string, itemId: string, callId: string, delta: string): ServerEvent => ({
    type: 'response.function_call_arguments.delta',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    call_id: callId,
    delta,
  }),
  argumentsDone: (responseId: string, itemId: string, callId: string, name: string, args: string): ServerEvent => ({
    type: 'response.function_call_arguments.done',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    call_id: callId,
    name,
    arguments: args,
  }),
  speechStarted: (itemId: string, audioStartMs: number): ServerEvent => ({
    type: 'input_audio_buffer.speech_started',
    event_id: eventId(),
    item_id: itemId,
    audio_start_ms: audioStartMs,
  }),
  speechStopped: (itemId: string, audioEndMs: number): ServerEvent => ({
    type: 'input_audio_buffer.speech_stopped',
    event_id: eventId(),
    item_id: itemId,
    audio_end_ms: audioEndMs,
  }),
  committed: (itemId: string, previous: string | null = null): ServerEvent => ({
    type: 'input_audio_buffer.committed',
    event_id: eventId(),
    item_id: itemId,
    previous_item_id: previous,
  }),
  transcriptionDelta: (itemId: string, delta: string): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.delta',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    delta,
  }),
  transcriptionCompleted: (itemId: string, transcript: string): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.completed',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    transcript,
    usage: { type: 'duration', seconds: 1.5 },
  }),
  transcriptionFailed: (itemId: string, message: string): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.failed',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    error: { type: 'transcription_error', code: 'audio_unintelligible', message },
  }),
  truncated: (itemId: string, audioEndMs: number): ServerEvent => ({
    type: 'conversation.item.truncated',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    audio_end_ms: audioEndMs,
  }),
  deleted: (itemId: string): ServerEvent => ({ type: 'conversation.item.deleted', event_id: eventId(), item_id: itemId }),
  /** `response.created` with more of the response (conversation, metadata...). */
  responseCreatedWith: (id: string, more: Partial<RealtimeResponse>): ServerEvent => ({
    type: 'response.created',
    event_id: eventId(),
    response: { object: 'realtime.response', id, status: 'in_progress', output: [], output_modalities: ['audio'], ...more },
  }),
  /** `response.done` with more of the response (status_details, usage, metadata...). */
  responseDoneWith: (id: string, output: ConversationItem[], more: Partial<RealtimeResponse>): ServerEvent => ({
    type: 'response.done',
    event_id: eventId(),
    response: { object: 'realtime.response', id, status: 'completed', output, output_modalities: ['audio'], ...more },
  }),
  transcriptionDeltaWithLogprobs: (itemId: string, delta: string, logprobs: LogProbProperties[]): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.delta',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    delta,
    logprobs,
  }),
  transcriptionCompletedWith: (itemId: string, transcript: string, more: { logprobs?: LogProbProperties[]; languages?: string[]; tokens?: number }): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.completed',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    transcript,
    usage:
      more.tokens === undefined
        ? { type: 'duration', seconds: 1.5 }
        : { type: 'tokens', input_tokens: more.tokens, output_tokens: 3, total_tokens: more.tokens + 3 },
    ...(more.logprobs ? { logprobs: more.logprobs } : {}),
    ...(more.languages ? { languages: more.languages.map((code) => ({ code })) } : {}),
  }),
  transcriptionSegment: (itemId: string, id: string, text: string, speaker: string, start: number, end: number): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.segment',
    event_id: eventId(),
    item_id: itemId,
    content_index: 0,
    id,
    text,
    speaker,
    start,
    end,
  }),
  timeoutTriggered: (itemId: string, audioStartMs: number, audioEndMs: number): ServerEvent => ({
    type: 'input_audio_buffer.timeout_triggered',
    event_id: eventId(),
    item_id: itemId,
    audio_start_ms: audioStartMs,
    audio_end_ms: audioEndMs,
  }),
  cleared: (): ServerEvent => ({ type: 'input_audio_buffer.cleared', event_id: eventId() }),
  mcpListTools: (itemId: string, status: 'in_progress' | 'completed' | 'failed'): ServerEvent => ({ type: `mcp_list_tools.${status}`, event_id: eventId(), item_id: itemId }),
  mcpCall: (itemId: string, status: 'in_progress' | 'completed' | 'failed'): ServerEvent => ({
    type: `response.mcp_call.${status}`,
    event_id: eventId(),
    item_id: itemId,
    output_index: 0,
  }),
  mcpArgumentsDelta: (responseId: string, itemId: string, delta: string): ServerEvent => ({
    type: 'response.mcp_call_arguments.delta',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    delta,
  }),
  mcpArgumentsDone: (responseId: string, itemId: string, args: string): ServerEvent => ({
    type: 'response.mcp_call_arguments.done',
    event_id: eventId(),
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    arguments: args,
  }),
  rateLimits: (rateLimits: RateLimitsUpdatedEvent.RateLimit[]): ServerEvent => ({ type: 'rate_limits.updated', event_id: eventId(), rate_limits: rateLimits }),
  conversationCreated: (id: string): ServerEvent => ({ type: 'conversation.created', event_id: eventId(), conversation: { id, object: 'realtime.conversation' } }),
  dtmf: (key: string, receivedAt: number): ServerEvent => ({ type: 'input_audio_buffer.dtmf_event_received', event: key, received_at: receivedAt }),
  outputAudioBuffer: (responseId: string, what: 'started' | 'stopped' | 'cleared'): ServerEvent => ({
    type: `output_audio_buffer.${what}`,
    event_id: eventId(),
    response_id: responseId,
  }),
};

export const items = {
  assistant: (id: string, status: 'in_progress' | 'completed' | 'incomplete', content: Array<{ type: 'output_text'; text: string } | { type: 'output_audio'; transcript: string }> = []): ConversationItem => ({
    id,
    object: 'realtime.item',
    type: 'message',
    role: 'assistant',
    status,
    content,
  }),
  userText: (id: string, text: string): ConversationItem => ({
    id,
    object: 'realtime.item',
    type: 'message',
    role: 'user',
    status: 'completed',
    content: [{ type: 'input_text', text }],
  }),
  userAudio: (id: string, transcript: string | null = null): ConversationItem => ({
    id,
    object: 'realtime.item',
    type: 'message',
    role: 'user',
    status: 'completed',
    // The live API sends `transcript: null` here; the published types say string, so leave it out.
    content: [transcript === null ? { type: 'input_audio' } : { type: 'input_audio', transcript }],
  }),
  mcpListTools: (id: string, serverLabel: string, tools: Array<{ name: string; description?: string }>): ConversationItem => ({
    id,
    type: 'mcp_list_tools',
    server_label: serverLabel,
    tools: tools.map((t) => ({ ...t, input_schema: { type: 'object' } })),
  }),
  mcpCall: (id: string, serverLabel: string, name: string, args: string, result: { output?: string; error?: string } = {}): ConversationItem => ({
    id,
    type: 'mcp_call',
    server_label: serverLabel,
    name,
    arguments: args,
    ...(result.output !== undefined ? { output: result.output } : {}),
    ...(result.error !== undefined ? { error: { type: 'tool_execution_error', message: result.error } } : {}),
  }),
  mcpApprovalRequest: (id: string, serverLabel: string, name: string, args: string): ConversationItem => ({
    id,
    type: 'mcp_approval_request',
    server_label: serverLabel,
    name,
    arguments: args,
  }),
  mcpApprovalResponse: (id: string, approvalRequestId: string, approve: boolean, reason?: string): ConversationItem => ({
    id,
    type: 'mcp_approval_response',
    approval_request_id: approvalRequestId,
    approve,
    ...(reason !== undefined ? { reason } : {}),
  }),
  functionCall: (id: string, callId: string, name: string, args: string, status: 'in_progress' | 'completed' = 'completed'): ConversationItem => ({
    id,
    object: 'realtime.item',
    type: 'function_call',
    status,
    call_id: callId,
    name,
    arguments: args,
  }),
};

/** An assistant audio response: added events, N audio deltas with a word of transcript each, done events. */
export function audioResponse(responseId: string, itemId: string, words: string[], samplesPerDelta: number): ServerEvent[] {
  const transcript = words.join(' ');
  const out: ServerEvent[] = [
    ev.responseCreated(responseId),
    ev.outputItemAdded(responseId, items.assistant(itemId, 'in_progress')),
    ev.itemAdded(items.assistant(itemId, 'in_progress')),
    ev.contentPartAdded(responseId, itemId, 'audio'),
  ];
  words.forEach((word, i) => {
    out.push(ev.transcriptDelta(responseId, itemId, i === 0 ? word : ` ${word}`));
    const samples = new Int16Array(samplesPerDelta).fill(i + 1);
    out.push(ev.audioDelta(responseId, itemId, samples));
  });
  const done = items.assistant(itemId, 'completed', [{ type: 'output_audio', transcript }]);
  out.push(
    ev.audioDone(responseId, itemId),
    ev.transcriptDone(responseId, itemId, transcript),
    ev.contentPartDone(responseId, itemId, { type: 'audio', transcript }),
    ev.outputItemDone(responseId, done),
    ev.itemDone(done),
    ev.responseDone(responseId, [done]),
  );
  return out;
}
