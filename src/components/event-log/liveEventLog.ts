// The event log for a GPT-Live session: the same store and component as Realtime's, with Live's
// schema (its own chunk, loaded on the first event) and Live's streams collapsed into rows.
import { EventLogStore, type EventLogStoreOptions } from './eventLogStore';
import { isLiveStreamed, liveStreamOf } from './liveSummary';
import type { EventValidator } from './protocolValidator';

export function loadLiveValidator(): Promise<EventValidator> {
  return import('../../lib/protocol/live-validate').then((module) => ({
    // A fork's socket sends a `session.start` with overrides only (forks.d.ts ForkClientEvent); the
    // log holds both kinds of connection, so an event valid on either socket is valid here.
    validateClientEvent: (event: unknown) => {
      const primary = module.validateLiveClientEvent(event);
      return primary.valid || !module.validateLiveForkClientEvent(event).valid ? primary : { ...primary, valid: true, errors: [] };
    },
    // Lenient, as for Realtime: a live server may add fields before the published types know them.
    validateServerEvent: (event: unknown) => module.validateLiveServerEvent(event),
  }));
}

export function createLiveEventLog(options: EventLogStoreOptions = {}): EventLogStore {
  return new EventLogStore({ loadValidator: loadLiveValidator, isGroupable: isLiveStreamed, streamOf: liveStreamOf, ...options });
}
