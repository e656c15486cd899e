// One event log store per page, fed by whichever client is current.
import { useEffect, useMemo } from 'react';
import { EventLogStore } from '../../components/event-log';
import type { RealtimeClient } from '../../lib/realtime';

export function useEventLog(client: RealtimeClient | null): EventLogStore {
  const store = useMemo(() => new EventLogStore(), []);
  useEffect(() => {
    if (!client) return undefined;
    const offEvent = client.on('realtime.event', (event) => store.append(event));
    const offMalformed = client.on('malformed', (frame) => store.appendMalformed(frame));
    return () => {
      offEvent();
      offMalformed();
    };
  }, [client, store]);
  return store;
}
