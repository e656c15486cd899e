// The session settings panel. Usage in the page:
//
//   import { SessionSettingsPanel, sessionToSettings, DEFAULT_SESSION_SETTINGS } from '../components/session-settings';
//
//   const requested = sessionToSettings(client.getSessionConfig(), { ...DEFAULT_SESSION_SETTINGS, model });
//   <SessionSettingsPanel
//     requested={requested}                      // what the client asked for
//     confirmed={client.getServerSession()}      // latest session.created / session.updated session
//     connected={connected}
//     onApply={(session, { settings, clientPatch, reconnectRequired }) => {
//       // `session` is the GA session.update payload (no `model`; `null` turns noise reduction /
//       // transcription off, live too); `clientPatch` is the same, for RealtimeClient.updateSession.
//       client.updateSession(clientPatch);
//       if (settings.model !== model) setModel(settings.model);
//       if (reconnectRequired && connected) reconnect(); // only a model change needs one
//     }}
//   />
//
// `settingsToSession(settings, { includeModel: true })` gives the session to connect with.
export { SessionSettingsPanel, type AppliedSettings, type SessionSettingsPanelProps } from './SessionSettingsPanel';
export { DEFAULT_SESSION_SETTINGS, needsReconnect, type SessionSettings } from './sessionSettings';
export { confirmedMismatches, readSession, sessionToSettings, settingsToClientPatch, settingsToSession, type ClientSessionPatch } from './sessionMapping';
export { settingsErrors } from './validation';
export { LIMITS } from './limits';
export { MODELS, TRANSCRIPTION_MODELS, VOICES } from './options';
