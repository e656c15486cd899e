// The session settings panel. Usage in the page:
//
//   import { SessionSettingsPanel, sessionToSettings, DEFAULT_SESSION_SETTINGS } from '../components/session-settings';
//
//   const requested = sessionToSettings(client.getSessionConfig(), { ...DEFAULT_SESSION_SETTINGS, model });
//   <SessionSettingsPanel
//     requested={requested}                      // what the client asked for
//     confirmed={client.getServerSession()}      // latest session.created / session.updated session
//     connected={connected}
//     onApply={(session, { settings, reconnectRequired }) => {
//       client.updateSession(session);           // GA session patch, without `model`
//       if (settings.model !== model) setModel(settings.model);
//       if (reconnectRequired && connected) reconnect();
//     }}
//   />
//
// `settingsToSession(settings, { includeModel: true })` gives the session to connect with.
export { SessionSettingsPanel, type AppliedSettings, type SessionSettingsPanelProps } from './SessionSettingsPanel';
export {
  DEFAULT_SESSION_SETTINGS,
  MODELS,
  TRANSCRIPTION_MODELS,
  VOICES,
  confirmedMismatches,
  needsReconnect,
  readSession,
  sessionToSettings,
  settingsToSession,
  type SessionSettings,
} from './sessionSettings';
