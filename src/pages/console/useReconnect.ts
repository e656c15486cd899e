// "Reconnect" = close now, connect again once the page has re-rendered with the new settings
// (so the new connection uses them, e.g. another model in the URL).
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../components/connection/ConnectionBar';

export function useReconnect(status: ConnectionStatus, connect: () => Promise<void>, disconnect: () => void): () => void {
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (!pending || status !== 'disconnected') return;
    setPending(false);
    void connect();
  }, [pending, status, connect]);
  return useCallback(() => {
    disconnect();
    setPending(true);
  }, [disconnect]);
}
