// Manual (push-to-talk) or VAD turn taking. The choice lives in the session config, so it is
// sent with the session on connect and by session.update while connected.
import { useCallback, useRef, useState } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import type { TurnMode } from '../../components/turn-taking/TurnControls';

export const VAD_TURN_DETECTION = { type: 'server_vad' } as const;

export function applyTurnMode(client: RealtimeClient, mode: TurnMode): void {
  client.updateSession({ audio: { input: { turn_detection: mode === 'vad' ? VAD_TURN_DETECTION : null } } });
}

export interface TurnModeState {
  mode: TurnMode;
  /** Sets the mode, and tells the server at once when a client is connected. */
  setMode(next: TurnMode, client: RealtimeClient | null): void;
  /** Puts the current mode into a new client's session before it connects. */
  applyTo(client: RealtimeClient): void;
}

export function useTurnMode(initial: TurnMode = 'manual'): TurnModeState {
  const [mode, setModeState] = useState<TurnMode>(initial);
  const latest = useRef(mode);
  latest.current = mode;
  const setMode = useCallback((next: TurnMode, client: RealtimeClient | null) => {
    latest.current = next;
    setModeState(next);
    if (client) applyTurnMode(client, next);
  }, []);
  const applyTo = useCallback((client: RealtimeClient) => applyTurnMode(client, latest.current), []);
  return { mode, setMode, applyTo };
}
