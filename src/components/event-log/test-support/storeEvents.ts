// Events and stores for the event log's tests.
import { EventLogStore, type LoggableEvent } from '../eventLogStore';
import { fakeBase64Audio } from './sampleEvents';

let clock = 1_700_000_000_000;
export const server = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'server', event });
export const client = (event: Record<string, unknown>): LoggableEvent => ({ time: ++clock, source: 'client', event });
export const audioDelta = (itemId: string) => server({ type: 'response.output_audio.delta', item_id: itemId, response_id: 'r', output_index: 0, content_index: 0, delta: fakeBase64Audio(4800) });
export const transcriptDelta = (itemId: string, delta = 'hi') => server({ type: 'response.output_audio_transcript.delta', item_id: itemId, response_id: 'r', output_index: 0, content_index: 0, delta });

/** A store without schema checks, for tests about rows and filters. */
export const plainStore = () => new EventLogStore({ loadValidator: null });

export function visibleRows(store: EventLogStore) {
  return Array.from({ length: store.visibleCount }, (_, i) => store.visibleRow(i)!);
}
