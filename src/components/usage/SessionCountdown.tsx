// The session's time left (session.expires_at), in the header while connected; from 5 minutes
// before the end it turns amber and says so to screen readers once.
import { useEffect, useState } from 'react';
import { expiryState } from '../../lib/inspector/session-expiry';

export function SessionCountdown({ expiresAt }: { expiresAt: number | undefined }) {
  // The clock is read at each render: a time kept from mount would be stale when expires_at
  // arrives (the header showed "60:03" for a session of 60 minutes). The interval only re-renders.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (expiresAt === undefined) return undefined;
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  const now = Date.now();
  // Before session.created: the same text length, so the header does not reflow when it comes.
  if (expiresAt === undefined) return <span className="session-countdown" data-testid="session-countdown">Session ends in --:--</span>;
  const state = expiryState(expiresAt, now);
  return (
    <span className={`session-countdown${state.warning ? ' session-countdown--warning' : ''}`} data-testid="session-countdown" title="The server ends the session at its expires_at (60 minutes on GA)">
      {state.expired ? 'Session expired' : `Session ends in ${state.text}`}
      {state.warning && !state.expired && <span role="status"> — less than 5 minutes left</span>}
    </span>
  );
}
