// The GPT-Live protocol as the `openai` package types it (resources/live/live.d.ts). Type-only:
// nothing here reaches the bundle. scripts/live-protocol-schema-builder.ts turns the exports into
// live-protocol.schema.json; they are named Live… so they cannot clash with the package's names.
import type { ClientEvent, ForkSessionConfig, LiveCreateParams, LiveCreateResponse, ResponseItemCreateEvent, ServerEvent, SessionConfig } from 'openai/resources/live/live';
import type { ForkClientEvent, ForkServerEvent } from 'openai/resources/live/forks/forks';
import type { SessionForkParams, SessionForkResponse } from 'openai/resources/live/sessions';

/**
 * Stands for the package's `ResponsesAPI.ResponseInputItem` (the item of `response.item.create`).
 * That type's graph reuses names the Live types also declare (`FunctionTool`), which one schema's
 * flat definition names cannot hold, so the builder generates it on its own and splices it in
 * under `Responses.` in place of this placeholder.
 */
export interface ResponseInputItemPlaceholder {
  [key: string]: unknown;
}

/** `response.item.create` with its item spliced in (see ResponseInputItemPlaceholder). */
export interface LiveResponseItemCreateEvent extends Omit<ResponseItemCreateEvent, 'item'> {
  item: ResponseInputItemPlaceholder;
}

/** The 15 client events (`session.start` first on a primary WebSocket). */
export type LiveClientEvent = Exclude<ClientEvent, ResponseItemCreateEvent> | LiveResponseItemCreateEvent;
/** The 28 server events. */
export type LiveServerEvent = ServerEvent;
/** The `session` object of `session.start`. */
export type LiveSessionConfig = SessionConfig;
/** `POST /v1/live/sessions` (WebRTC): `{session: MediaSessionConfig, transport: {type: "webrtc", sdp}}`. */
export type LiveCreateRequest = LiveCreateParams;
/** Its answer: `{session: {id}, transport: {type: "webrtc", sdp}}`. */
export type LiveCreateAnswer = LiveCreateResponse;
/** The fork WebSocket's client events (forks.d.ts): `session.start` carries overrides only. */
export type LiveForkClientEvent = Exclude<ForkClientEvent, ResponseItemCreateEvent> | LiveResponseItemCreateEvent;
/** The fork WebSocket's server events: the same 28 as a primary WebSocket's. */
export type LiveForkServerEvent = ForkServerEvent;
/** The `session` of a fork's `session.start` (overrides; no model). */
export type LiveForkSessionConfig = ForkSessionConfig;
/** `POST /v1/live/sessions/{id}/fork` (WebRTC fork): `{transport: {type: "webrtc", sdp}, session?}`. */
export type LiveForkRequest = SessionForkParams;
/** Its answer: `{session: {id}, transport: {type: "webrtc", sdp}}`. */
export type LiveForkAnswer = SessionForkResponse;
