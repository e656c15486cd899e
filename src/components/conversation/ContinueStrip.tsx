// "Reconnect with history", offered under the conversation: once the session has ended (expired,
// dropped, or closed) with a conversation to go on with, and in the last 5 minutes before the
// session's expires_at. Its button is named "Continue with history", not "Reconnect…": the
// connection bar's Connect must stay the only button whose name holds "connect".
import { useEffect, useState } from 'react';
import { expiryState } from '../../lib/inspector/session-expiry';

export interface ContinueStripProps {
  connected: boolean;
  /** The last session left a conversation a new one can carry on. */
  canContinue: boolean;
  /** The session's expires_at (seconds since the epoch), read each second while connected. */
  expiresAt(): number | undefined;
  onContinue(): void;
}

export function ContinueStrip({ connected, canContinue, expiresAt, onContinue }: ContinueStripProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!connected) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [connected]);
  const ends = connected ? expiresAt() : undefined;
  const expiry = ends === undefined ? null : expiryState(ends, now);
  let text: string | null = null;
  if (!connected && canContinue) text = 'The session has ended. A new one can go on from this conversation.';
  else if (connected && expiry?.warning) text = `This session ends in ${expiry.text}. A new one can go on from this conversation.`;
  if (!text) return null;
  return (
    <div className="conversation__continue" data-testid="continue-strip">
      <span>{text}</span>
      <button
        type="button"
        className="button button--small button--primary"
        onClick={onContinue}
        title="Reconnect with history: a new session receives this conversation (its text, tool calls and outputs) and you go on talking"
      >
        Continue with history
      </button>
    </div>
  );
}
