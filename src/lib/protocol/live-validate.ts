// Checks GPT-Live events against live-protocol.schema.json (generated from the `openai` package's
// live types), the same way validate.ts checks Realtime ones. Strict for what a client sends and
// for what our simulator emits; lenient by default for what a real server sends.
import { createEventSchemaValidator, type ValidationResult } from './schema-validator';
import liveSchema from './live-protocol.schema.json';

const live = createEventSchemaValidator(liveSchema, { client: 'LiveClientEvent', server: 'LiveServerEvent' });
// The fork WebSocket (forks.d.ts ForkClientEvent / ForkServerEvent): the same events, except a
// `session.start` that carries overrides only (ForkSessionStartEvent). Compiled on first use.
const fork = createEventSchemaValidator(liveSchema, { client: 'LiveForkClientEvent', server: 'LiveForkServerEvent' });

/** `type` → definition name, for the 15 client and 28 server events. */
export const LIVE_CLIENT_EVENT_TYPES: ReadonlyMap<string, string> = live.clientTypes;
export const LIVE_SERVER_EVENT_TYPES: ReadonlyMap<string, string> = live.serverTypes;

/** Validates a Live event a client sends. Always strict. */
export function validateLiveClientEvent(event: unknown): ValidationResult {
  return live.validateClientEvent(event);
}

/** Validates a Live event a server sends; `strict` for our simulator. */
export function validateLiveServerEvent(event: unknown, options: { strict?: boolean } = {}): ValidationResult {
  return live.validateServerEvent(event, options);
}

/** Validates the `session` of `session.start` (strict: unknown fields are refused). */
export function validateLiveSessionConfig(session: unknown): ValidationResult {
  return live.validateDefinition('LiveSessionConfig', session);
}

/** Validates the JSON body of `POST /v1/live/sessions` (WebRTC creation; strict). */
export function validateLiveCreateRequest(body: unknown): ValidationResult {
  return live.validateDefinition('LiveCreateRequest', body);
}

/** Validates the answer to `POST /v1/live/sessions` (strict). */
export function validateLiveCreateAnswer(body: unknown): ValidationResult {
  return live.validateDefinition('LiveCreateAnswer', body);
}

/** Validates an event a client sends on a fork WebSocket (`/v1/live/sessions/{id}/fork`). Strict. */
export function validateLiveForkClientEvent(event: unknown): ValidationResult {
  return fork.validateClientEvent(event);
}

/** Validates an event a fork WebSocket's server sends; `strict` for our simulator. */
export function validateLiveForkServerEvent(event: unknown, options: { strict?: boolean } = {}): ValidationResult {
  return fork.validateServerEvent(event, options);
}

/** Validates the body of `POST /v1/live/sessions/{id}/fork` (a WebRTC fork; strict). */
export function validateLiveForkRequest(body: unknown): ValidationResult {
  return live.validateDefinition('LiveForkRequest', body);
}
