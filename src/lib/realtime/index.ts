// The reference client for the GA Realtime protocol. Runs in browsers and in Node.
export { RealtimeEventEmitter, type EventHandler, type EventEmitterOptions } from './event-emitter';
export type {
  AudioCarriage,
  CloseInfo,
  IncomingEvent,
  InterruptRequest,
  MalformedFrame,
  OutputAudioChunk,
  OutputAudioSink,
  RealtimeTransport,
  RealtimeTransportEvents,
  TransportEvent,
  UnknownServerEvent,
} from './transport-types';
export { WebSocketTransport, DEFAULT_CONNECT_TIMEOUT_MS, type WebSocketTransportOptions } from './websocket-transport';
export {
  DEFAULT_MODEL,
  DEFAULT_REALTIME_URL,
  EPHEMERAL_KEY_PREFIX,
  insecureKeyUrlReason,
  isEphemeralKey,
  isLoopbackHost,
  planHandshake,
  realtimeUrl,
  type Handshake,
} from './handshake';
export { isNodeRuntime, type WebSocketConstructorLike, type WebSocketLike } from './websocket';
export {
  RealtimeConversation,
  DEFAULT_SAMPLE_RATE,
  DEFAULT_MAX_PENDING_ITEMS,
  type ConversationChange,
  type ConversationDelta,
  type ConversationInterruption,
  type ConversationOptions,
} from './conversation';
export type { FormattedItem, ItemPhase, ItemResponseStatus, ItemRole, ItemState, ItemStatus, ItemType } from './item-state';
export type { InputTranscription, TranscriptionError, TranscriptionSegment, TranscriptionUsage } from './input-transcription';
export { approvalResponseEventId } from './mcp-items';
export type { McpApprovalRequestState, McpApprovalResponseState, McpCallState, McpListToolsState, McpState, McpStatus } from './mcp-items';
export { ResponseTracker, type ResponseChange, type ResponseMetadata, type ResponseState, type ResponseStatus } from './response-tracker';
export type { OutOfBandResponse } from './out-of-band';
export { AudioChunks } from './audio-chunks';
export {
  planHistoryCarry,
  historyCarryEvents,
  AUDIO_WITHOUT_TRANSCRIPT,
  DEFAULT_MAX_CARRIED_CHARS,
  DEFAULT_MAX_CARRIED_ITEMS,
  DEFAULT_MAX_CARRIED_ITEM_CHARS,
  type CarriedItem,
  type CarrySkipReason,
  type HistoryCarryOptions,
  type HistoryCarryPlan,
} from './history-carry';
export {
  defaultSessionConfig,
  mergeSessionConfig,
  sanitizeSession,
  sessionUpdateFor,
  type SanitizedSession,
  type SessionConfig,
  type SessionConfigPatch,
} from './session-config';
export { parseToolArguments, serializeToolOutput, type FunctionToolDefinition, type ToolCall, type ToolHandler, type ToolResult } from './tool-runner';
export {
  RealtimeClient,
  type RealtimeClientBaseOptions,
  type RealtimeClientEvents,
  type RealtimeClientOptions,
  type ResponseParams,
  type ServerErrorInfo,
  type UserContent,
} from './client';
export type { ServerSession } from '../protocol/protocol-types';
export { WebRTCTransport, EVENTS_CHANNEL, DEFAULT_WEBRTC_CONNECT_TIMEOUT_MS, type WebRTCTransportOptions } from './webrtc/webrtc-transport';
export { WebRTCError, callsUrl, relayHttpUrl, exchangeSdp, type WebRTCErrorKind, type WebRTCSignalling, type SdpAnswer } from './webrtc/signalling';
