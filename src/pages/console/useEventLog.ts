// One event log store per page, fed by whichever client is current. Each client's first event
// starts a connection in the log, and its end gets a row of its own.
import { useEffect, useMemo, useRef } from 'react';
import { EventLogStore } from '../../components/event-log';
import { historyCarriedRecord } from '../../lib/inspector/console-records';
import type { RealtimeClient } from '../../lib/realtime';

/** `transport` names the client's wire on its session line (`WebSocket`, `WebRTC`). */
export function useEventLog(client: RealtimeClient | null, transport?: string): EventLogStore {
  const store = useMemo(() => new EventLogStore(), []);
  // Read when a client arrives (the choice cannot change while one is connected).
  const wire = useRef(transport);
  wire.current = transport;
  useEffect(() => {
    if (!client) return undefined;
    store.startConnection(wire.current);
    let logged = false;
    let ended = false;
    const offEvent = client.on('realtime.event', (event) => {
      logged = true;
      store.append(event);
    });
    const offMalformed = client.on('malformed', (frame) => {
      logged = true;
      store.appendMalformed(frame);
    });
    // Reconnect with history: the seam, just before the carried items go out.
    const offCarried = client.on('history.carried', (plan) => store.append(historyCarriedRecord(plan)));
    const offClose = client.on('close', (info) => {
      if (ended) return;
      ended = true;
      store.appendDisconnect({ code: info.code, reason: info.reason || info.error });
    });
    return () => {
      offEvent();
      offMalformed();
      offCarried();
      offClose();
      // Disconnect pressed (the page lets go of the client before its close arrives), or the page
      // left: the connection's end is still shown. A Connect that never opened logged nothing.
      if (logged && !ended) store.appendDisconnect({ reason: 'disconnected' });
    };
  }, [client, store]);
  return store;
}
