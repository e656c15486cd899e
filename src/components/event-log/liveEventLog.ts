// The event log for a GPT-Live session: the same store and component as Realtime's, with Live's
// schema (its own chunk, loaded on the first event) and Live's streams collapsed into rows.
import { EventLogStore, type EventLogStoreOptions } from './eventLogStore';
import { isLiveStreamed, liveStreamOf } from './liveSummary';
import type { EventValidator } from './protocolValidator';

export function loadLiveValidator(): Promise<EventValidator> {
  return import('../../lib/protocol/live-validate').then((module) => ({
    validateClientEvent: (event: unknown) => module.validateLiveClientEvent(event),
    // Lenient, as for Realtime: a live server may add fields before the published types know them.
    validateServerEvent: (event: unknown) => module.validateLiveServerEvent(event),
  }));
}

export function createLiveEventLog(options: EventLogStoreOptions = {}): EventLogStore {
  return new EventLogStore({ loadValidator: loadLiveValidator, isGroupable: isLiveStreamed, streamOf: liveStreamOf, ...options });
}
