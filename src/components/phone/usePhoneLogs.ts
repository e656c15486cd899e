// Subscribes a component to the relay's /logs while it is mounted (the client does the work).
import { useEffect, useState } from 'react';
import { PhoneLogsClient } from './phoneLogsClient';

export function usePhoneLogs(relayUrl: string): { client: PhoneLogsClient | null; version: number } {
  const [client, setClient] = useState<PhoneLogsClient | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const next = new PhoneLogsClient(relayUrl);
    setClient(next);
    let frame: number | null = null;
    // Call events come dozens a second: re-render at most once per animation frame.
    const off = next.subscribe(() => {
      if (frame === null) frame = requestAnimationFrame(() => {
        frame = null;
        setVersion(next.version);
      });
    });
    return () => {
      off();
      if (frame !== null) cancelAnimationFrame(frame);
      next.close();
    };
  }, [relayUrl]);
  return { client, version };
}
