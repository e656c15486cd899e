// The session's time left (session.expires_at), in the header while connected; from 5 minutes
// before the end it turns amber and says so to screen readers once.
import { useEffect, useState } from 'react';
import { expiryState } from '../../lib/inspector/session-expiry';

export function SessionCountdown({ expiresAt }: { expiresAt: number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (expiresAt === undefined) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
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
