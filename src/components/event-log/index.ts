// The event log panel. Usage in the page:
//
//   import { EventLog, EventLogStore } from '../components/event-log';
//
//   const store = useMemo(() => new EventLogStore(), []);            // one per page
//   useEffect(() => {
//     const offEvent = client.on('realtime.event', (e) => store.append(e));
//     const offBad = client.on('malformed', (frame) => store.appendMalformed(frame));
//     return () => { offEvent(); offBad(); };
//   }, [client, store]);
//   ...
//   <EventLog store={store} apiKey={apiKey} />   // fills its parent's height
//
// The store API is documented at the top of eventLogStore.ts; its bound (maxEntries,
// maxAudioBytes) and their defaults in eventLogLimits.ts.
export { EventLog, DEFAULT_ROW_HEIGHT, type EventLogProps } from './EventLog';
export {
  DISCONNECTED_TYPE,
  EventLogStore,
  MALFORMED_TYPE,
  NO_FILTER,
  type EventLogFilter,
  type EventLogStoreOptions,
  type ExportOptions,
  type LoggableEvent,
  type LogEntry,
  type LogRow,
  type MalformedInput,
} from './eventLogStore';
export { redactSecrets, trimAudioPayload } from './eventPayload';
export { DEFAULT_MAX_AUDIO_BYTES, DEFAULT_MAX_ENTRIES, type EventLogLimits } from './eventLogLimits';
// GPT-Live: the same store with Live's schema and streams (a store per protocol).
export { createLiveEventLog } from './liveEventLog';
