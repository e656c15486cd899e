// Checks Realtime events against the project's protocol schema (generated from the `openai`
// package's realtime types). How: schema-validator.ts (strict for what we send and what our
// simulator emits, lenient by default for what a live server sends).
import { createEventSchemaValidator, type ValidationResult } from './schema-validator';
import protocolSchema from './protocol.schema.json';

export type { EventDirection, ValidationResult } from './schema-validator';

const realtime = createEventSchemaValidator(protocolSchema, { client: 'ClientEvent', server: 'ServerEvent' });

export const CLIENT_EVENT_TYPES: ReadonlyMap<string, string> = realtime.clientTypes;
export const SERVER_EVENT_TYPES: ReadonlyMap<string, string> = realtime.serverTypes;
export const formatSchemaError = realtime.formatSchemaError;

/** Validates an event a client sends. Always strict. */
export function validateClientEvent(event: unknown): ValidationResult {
  return realtime.validateClientEvent(event);
}

/**
 * Validates an event a server sends. `strict` (used for our simulator) rejects fields the
 * published types do not declare; the default accepts them, as a client of the live API must.
 */
export function validateServerEvent(event: unknown, options: { strict?: boolean } = {}): ValidationResult {
  return realtime.validateServerEvent(event, options);
}
