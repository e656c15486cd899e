// Loads the protocol validator (Ajv + the ~90 kB schema) on demand with a dynamic `import()`,
// so the bundler puts it in its own chunk and the console's first bundle stays small.
// Only types are imported statically from validate.ts: they vanish at compile time.
import type { ValidationResult } from '../../lib/protocol/validate';

export type { ValidationResult };

export interface EventValidator {
  /** Strict: a client must send exactly what the protocol declares. */
  validateClientEvent(event: unknown): ValidationResult;
  /** Lenient: a live server may add fields before the published types know them. */
  validateServerEvent(event: unknown): ValidationResult;
}

export function loadProtocolValidator(): Promise<EventValidator> {
  return import('../../lib/protocol/validate').then((module) => ({
    validateClientEvent: (event: unknown) => module.validateClientEvent(event),
    validateServerEvent: (event: unknown) => module.validateServerEvent(event),
  }));
}
