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
//       // `session` is the GA session.update payload (no `model`; `null` turns noise reduction /
//       // transcription off, live too), the patch RealtimeClient.updateSession takes.
//       client.updateSession(session);
//       if (settings.model !== model) setModel(settings.model);
//       if (reconnectRequired && connected) reconnect(); // only a model change needs one
//     }}
//   />
//
// `settingsToSession(settings, { includeModel: true })` gives the session to connect with.
export { SessionSettingsPanel, type AppliedSettings, type SessionSettingsPanelProps } from './SessionSettingsPanel';
export { DEFAULT_SESSION_SETTINGS, needsReconnect, type SessionSettings } from './sessionSettings';
export { confirmedMismatches, readSession, sessionToSettings, settingsToSession } from './sessionMapping';
export type { SessionPatch } from '../../lib/protocol/session-patch';
export { settingsErrors } from './validation';
export { LIMITS } from './limits';
export { MODELS, TRANSCRIPTION_MODELS, VOICES } from './options';
