// The session the console asks for: the settings panel edits it, the Manual/VAD switch edits
// its turn detection, and every new client starts from it. A change needing a new connection
// (e.g. the model) reconnects once the old connection is closed.
import { useCallback, useRef, useState } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import type { TurnMode } from '../../components/turn-taking/TurnControls';
import { DEFAULT_SESSION_SETTINGS, settingsToSession, type SessionSettings } from '../../components/session-settings';

export interface SessionSettingsState {
  settings: SessionSettings;
  mode: TurnMode;
  /** Stores the settings, and sends them at once when a client is connected. */
  apply(next: SessionSettings, client: RealtimeClient | null): void;
  /** Manual = no turn detection; VAD = the last VAD kind chosen (server VAD at first). */
  setMode(mode: TurnMode, client: RealtimeClient | null): void;
  /** Puts the settings into a new client's session before it connects. */
  applyTo(client: RealtimeClient): void;
}

export function useSessionSettings(defaultModel: string): SessionSettingsState {
  const [settings, setSettings] = useState<SessionSettings>(() => ({ ...DEFAULT_SESSION_SETTINGS, model: defaultModel }));
  const latest = useRef(settings);
  const lastVad = useRef<SessionSettings['turnDetection']>('server_vad');

  const apply = useCallback((next: SessionSettings, client: RealtimeClient | null) => {
    if (next.turnDetection !== 'none') lastVad.current = next.turnDetection;
    latest.current = next;
    setSettings(next);
    if (client) client.updateSession(settingsToSession(next));
  }, []);

  const setMode = useCallback((mode: TurnMode, client: RealtimeClient | null) => {
    const next: SessionSettings = { ...latest.current, turnDetection: mode === 'manual' ? 'none' : lastVad.current };
    latest.current = next;
    setSettings(next);
    // Only the turn detection changes: send just the audio input part.
    if (client) client.updateSession({ audio: { input: settingsToSession(next).audio?.input } });
  }, []);

  const applyTo = useCallback((client: RealtimeClient) => client.updateSession(settingsToSession(latest.current)), []);

  return { settings, mode: settings.turnDetection === 'none' ? 'manual' : 'vad', apply, setMode, applyTo };
}
