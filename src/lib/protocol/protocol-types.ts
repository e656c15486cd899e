// The protocol as the `openai` package types it. Type-only: nothing here reaches the bundle.
// scripts/generate-protocol-schema.ts turns `ClientEvent` and `ServerEvent` into protocol.schema.json.
import type {
  RealtimeClientEvent,
  RealtimeServerEvent,
  ResponseCreateEvent,
  ResponseCreateEventWithReferencesParam,
  SessionCreatedEvent,
  SessionUpdatedEvent,
} from 'openai/resources/realtime/realtime';
import type {
  RealtimeSessionCreateResponse,
  RealtimeTranscriptionSessionCreateResponse,
} from 'openai/resources/realtime/client-secrets';

/**
 * The package's `RealtimeClientEvent` types `response.create` without item references, yet the
 * same package types the request a client sends with them (`input: [{type: "item_reference",
 * id}]`, `ResponseCreateEventWithReferencesParam`). OpenAI's published schema lacks them too
 * (`RealtimeResponseCreateParams.input` items are `RealtimeConversationItem`); the package's
 * request type is the newer word, so the client event is that one.
 */
export type ClientEvent = Exclude<RealtimeClientEvent, ResponseCreateEvent> | ResponseCreateEventWithReferencesParam;

/**
 * The package types `session.created` / `session.updated` with the *request* shape, but the
 * server sends the *response* shape (`id`, `object: "realtime.session"`, `expires_at`), as
 * OpenAI's published schema says. Same package, the type the server really sends.
 */
export type ServerSession = RealtimeSessionCreateResponse | RealtimeTranscriptionSessionCreateResponse;
export interface ServerSessionCreatedEvent extends Omit<SessionCreatedEvent, 'session'> {
  session: ServerSession;
}
export interface ServerSessionUpdatedEvent extends Omit<SessionUpdatedEvent, 'session'> {
  session: ServerSession;
}

export type ServerEvent =
  | Exclude<RealtimeServerEvent, SessionCreatedEvent | SessionUpdatedEvent>
  | ServerSessionCreatedEvent
  | ServerSessionUpdatedEvent;
