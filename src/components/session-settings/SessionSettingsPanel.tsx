// The session settings form: the draft, what was asked, and what the server confirmed. The
// fields live in fields/; this component keeps the state, the status line and the buttons.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ServerSession } from '../../lib/protocol/protocol-types';
import { SelectControl, TextControl } from './controls';
import { AudioSection } from './fields/AudioSection';
import { ModelField } from './fields/ModelField';
import { OutputFields } from './fields/OutputFields';
import { PromptTracingSection } from './fields/PromptTracingSection';
import { ReasoningSection } from './fields/ReasoningSection';
import { ToolsSection } from './fields/ToolsSection';
import { TranscriptionFields } from './fields/TranscriptionFields';
import { TurnDetectionFields } from './fields/TurnDetectionFields';
import { VOICES } from './options';
import { SettingsFormProvider, type SettingsFormState } from './SettingsForm';
import type { SessionPatch } from '../../lib/protocol/session-patch';
import { confirmedMismatches, readSession, settingsToSession } from './sessionMapping';
import { needsReconnect, type SessionSettings, type SettingsField } from './sessionSettings';
import { settingsErrors } from './validation';
import './SessionSettings.scss';

export interface AppliedSettings {
  /** Everything the user chose, the model included. */
  settings: SessionSettings;
  /** True when the change only takes effect on a new connection (see `reasons`). */
  reconnectRequired: boolean;
  reasons: string[];
}

export interface SessionSettingsPanelProps {
  /**
   * What the client has asked the server for (e.g. `sessionToSettings(client.getSessionConfig(),
   * { ...DEFAULT_SESSION_SETTINGS, model })`). The form starts from it and follows it while the
   * user has no unapplied edits.
   */
  requested: SessionSettings;
  /** The session of the latest `session.created` / `session.updated`, or null. */
  confirmed: ServerSession | null;
  /**
   * Called with the GA session for a `session.update` (without `model`: a live session cannot
   * change it; `null` turns noise reduction / transcription / tracing / prompt off; the same
   * patch goes to `client.updateSession`) and the full settings.
   */
  onApply(session: SessionPatch, applied: AppliedSettings): void;
  /**
   * The server's refusal of a `session.update` (an `error` naming it), a new object each time.
   * The refused update changes nothing, so the panel stops waiting and shows what still runs.
   */
  rejection?: { message: string } | null;
  connected?: boolean;
  disabled?: boolean;
  /** Shows the tool editor and focuses it (the Tools section links to it). */
  onShowToolEditor?(): void;
}

const key = (settings: SessionSettings) => JSON.stringify(settings);
const VOICE_OPTIONS = VOICES.map((voice) => [voice, voice] as const);

/** Function names and MCP server labels of a session's tools. */
function toolsOf(session: ServerSession | null): SettingsFormState['tools'] {
  const tools = (session as { tools?: unknown } | null)?.tools;
  const list = Array.isArray(tools) ? (tools as Array<{ type?: unknown; name?: unknown; server_label?: unknown }>) : [];
  const strings = (values: unknown[]) => values.filter((value): value is string => typeof value === 'string');
  return {
    functions: strings(list.filter((tool) => tool.type === 'function').map((tool) => tool.name)),
    mcpServers: strings(list.filter((tool) => tool.type === 'mcp').map((tool) => tool.server_label)),
  };
}

function statusText(p: { connected: boolean; awaiting: boolean; refused: string | null; confirmed: boolean; differ: number }): string {
  if (!p.connected) return 'Not connected: settings are used when you connect.';
  if (p.awaiting) return 'Waiting for session.updated…';
  if (p.refused) return `The server refused the update (${p.refused}): it still runs the values marked ⚠.`;
  if (!p.confirmed) return 'No session from the server yet.';
  if (p.differ) return `The server's session differs on ${p.differ} field${p.differ === 1 ? '' : 's'}.`;
  return 'The server confirmed these settings.';
}

export function SessionSettingsPanel({ requested, confirmed, onApply, rejection = null, connected = false, disabled = false, onShowToolEditor }: SessionSettingsPanelProps) {
  const id = useId();
  const [asked, setAsked] = useState(requested);
  const [draft, setDraft] = useState(requested);
  const [awaiting, setAwaiting] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  // Follow the page's `requested` when it changes (e.g. its own VAD switch), keeping unapplied edits.
  const requestedKey = key(requested);
  const lastRequested = useRef(requestedKey);
  useEffect(() => {
    if (lastRequested.current === requestedKey) return;
    lastRequested.current = requestedKey;
    const next: SessionSettings = JSON.parse(requestedKey);
    setDraft((current) => (key(current) === key(asked) ? next : current));
    setAsked(next);
  }, [requestedKey, asked]);

  // A new confirmed session answers the pending apply; a refusal answers it too.
  useEffect(() => {
    setAwaiting(false);
    setRefused(null);
  }, [confirmed]);
  useEffect(() => {
    if (!rejection) return;
    setAwaiting(false);
    setRefused(rejection.message);
  }, [rejection]);
  useEffect(() => {
    if (!connected) setRefused(null);
  }, [connected]);

  const errors = useMemo(() => settingsErrors(draft), [draft]);
  const valid = Object.keys(errors).length === 0;
  const dirty = key(draft) !== key(asked);
  const stated = useMemo(() => (confirmed ? readSession(confirmed) : {}), [confirmed]);
  const mismatches = useMemo(() => (awaiting ? [] : confirmedMismatches(asked, confirmed)), [asked, confirmed, awaiting]);
  const tools = useMemo(() => toolsOf(confirmed), [confirmed]);
  // Compare with what the server runs, or with what was asked before any server answer.
  const running = confirmed ? { ...asked, ...stated } : asked;
  const reconnectReasons = connected ? needsReconnect(draft, running) : [];

  const set = <F extends SettingsField>(field: F, value: SessionSettings[F]) => setDraft((current) => ({ ...current, [field]: value }));
  const form: SettingsFormState = { id, draft, asked, set, errors, stated, mismatches, awaiting, hasConfirmed: confirmed !== null, connected, running, tools, showToolEditor: onShowToolEditor };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || disabled) return;
    onApply(settingsToSession(draft), { settings: draft, reconnectRequired: reconnectReasons.length > 0, reasons: reconnectReasons });
    setAsked(draft);
    setRefused(null);
    if (connected) setAwaiting(true);
  };

  return (
    <SettingsFormProvider value={form}>
      <form className="session-settings" aria-label="Session settings" onSubmit={apply} data-testid="session-settings">
        <p className={`session-settings__status${mismatches.length || refused ? ' session-settings__status--mismatch' : ''}`} role="status" data-testid="session-settings-status">
          {statusText({ connected, awaiting, refused, confirmed: confirmed !== null, differ: mismatches.length })}
        </p>
        <fieldset className="session-settings__fields" disabled={disabled}>
          <ModelField />
          <SelectControl name="voice" options={VOICE_OPTIONS} />
          <TextControl name="instructions" multiline />
          <TurnDetectionFields />
          <TranscriptionFields />
          <OutputFields />
          <AudioSection />
          <ToolsSection />
          <ReasoningSection />
          <PromptTracingSection />
        </fieldset>
        <footer className="session-settings__footer">
          {reconnectReasons.length > 0 && (
            <p className="session-settings__reconnect" role="note" data-testid="session-settings-reconnect">
              Reconnect needed: {reconnectReasons.join('; ')}.
            </p>
          )}
          <button type="submit" className="session-settings__button session-settings__button--primary" disabled={disabled || !valid || !dirty}>
            {connected ? 'Apply (session.update)' : 'Apply'}
          </button>
          <button type="button" className="session-settings__button" disabled={disabled || !dirty} onClick={() => setDraft(asked)}>
            Revert
          </button>
          {dirty && <span className="session-settings__dirty">Unapplied changes</span>}
          {!valid && (
            <span className="session-settings__error" data-testid="session-settings-invalid">
              {Object.keys(errors).length} field{Object.keys(errors).length === 1 ? '' : 's'} to fix before Apply.
            </span>
          )}
        </footer>
      </form>
    </SettingsFormProvider>
  );
}
