import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ServerSession } from '../../lib/protocol/protocol-types';
import {
  EAGERNESS_LEVELS,
  FIELD_LABELS,
  LIMITS,
  MODELS,
  NOISE_REDUCTIONS,
  NONE,
  TRANSCRIPTION_MODELS,
  VOICES,
  confirmedMismatches,
  formatValue,
  needsReconnect,
  readSession,
  settingsErrors,
  settingsToClientPatch,
  settingsToSession,
  type ClientSessionPatch,
  type Eagerness,
  type OutputModality,
  type SessionSettings,
  type SettingsField,
  type TurnDetectionMode,
} from './sessionSettings';
import './SessionSettings.scss';

export interface AppliedSettings {
  /** Everything the user chose, the model included. */
  settings: SessionSettings;
  /** For `client.updateSession(...)`: the same session (`null` where a feature is off). */
  clientPatch: ClientSessionPatch;
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
   * change it; `null` turns noise reduction / transcription off) and the full settings.
   */
  onApply(session: ClientSessionPatch, applied: AppliedSettings): void;
  /**
   * The server's refusal of a `session.update` (an `error` naming it), a new object each time.
   * The refused update changes nothing, so the panel stops waiting and shows what still runs.
   */
  rejection?: { message: string } | null;
  connected?: boolean;
  disabled?: boolean;
}

/** The tokens limit offered when "no limit" is unticked. */
export const DEFAULT_TOKEN_LIMIT = 4096;
export const THRESHOLD_STEP = 0.05;
export const MS_STEP = 50;

const key = (settings: SessionSettings) => JSON.stringify(settings);

export function SessionSettingsPanel({ requested, confirmed, onApply, rejection = null, connected = false, disabled = false }: SessionSettingsPanelProps) {
  const id = useId();
  const [asked, setAsked] = useState(requested);
  const [draft, setDraft] = useState(requested);
  const [awaiting, setAwaiting] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [tokenLimit, setTokenLimit] = useState(typeof requested.maxOutputTokens === 'number' ? requested.maxOutputTokens : DEFAULT_TOKEN_LIMIT);

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

  const errors = settingsErrors(draft);
  const valid = Object.keys(errors).length === 0;
  const dirty = key(draft) !== key(asked);
  const stated = useMemo(() => (confirmed ? readSession(confirmed) : {}), [confirmed]);
  const mismatches = useMemo(() => (awaiting ? [] : confirmedMismatches(asked, confirmed)), [asked, confirmed, awaiting]);
  const mismatchOf = (field: SettingsField) => mismatches.find((m) => m.field === field);
  // Compare with what the server runs, or with what was asked before any server answer.
  const running = confirmed ? { ...asked, ...stated } : asked;
  const reconnectReasons = connected ? needsReconnect(draft, running) : [];

  const set = <F extends SettingsField>(field: F, value: SessionSettings[F]) => setDraft((current) => ({ ...current, [field]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || disabled) return;
    onApply(settingsToSession(draft), { settings: draft, clientPatch: settingsToClientPatch(draft), reconnectRequired: reconnectReasons.length > 0, reasons: reconnectReasons });
    setAsked(draft);
    setRefused(null);
    if (connected) setAwaiting(true);
  };

  const field = (name: SettingsField, control: ReactNode, hint?: ReactNode) => {
    const controlId = `${id}-${name}`;
    const mismatch = mismatchOf(name);
    const serverValue = stated[name];
    return (
      <div className={`session-settings__field${mismatch ? ' session-settings__field--mismatch' : ''}`} data-field={name}>
        <label className="session-settings__label" htmlFor={controlId}>
          {FIELD_LABELS[name]}
        </label>
        <div className="session-settings__control">{control}</div>
        {errors[name] && (
          <span className="session-settings__error" role="alert">
            Enter {errors[name]}.
          </span>
        )}
        {hint}
        {confirmed && serverValue !== undefined && (
          <span
            className={`session-settings__server${awaiting ? ' session-settings__server--pending' : mismatch ? ' session-settings__server--mismatch' : ''}`}
            data-testid={`server-${name}`}
            title={awaiting ? 'waiting for session.updated' : mismatch ? `asked ${formatValue(name, mismatch.asked)}` : 'as asked'}
          >
            {/* While an update is pending, the old value is neither confirmed nor a mismatch yet. */}
            {awaiting ? `server: ${formatValue(name, serverValue)}` : mismatch ? `⚠ server: ${formatValue(name, serverValue)}` : `✓ server: ${formatValue(name, serverValue)}`}
          </span>
        )}
      </div>
    );
  };
  const controlId = (name: SettingsField) => `${id}-${name}`;
  // "None" is sent as `null`, which turns the running feature off without a reconnect.
  const offHint = (name: 'noiseReduction' | 'transcriptionModel') =>
    connected && draft[name] === NONE && running[name] !== undefined && running[name] !== NONE ? (
      <span className="session-settings__hint" data-testid={`off-${name}`}>
        Apply turns it off on the live session (null in session.update).
      </span>
    ) : undefined;
  const numberValue = (value: number) => (Number.isNaN(value) ? '' : value);
  const vadNumberField = (name: 'vadThreshold' | 'vadPrefixPaddingMs' | 'vadSilenceDurationMs', step: number) =>
    field(
      name,
      <input
        id={controlId(name)}
        type="number"
        min={LIMITS[name].min}
        max={LIMITS[name].max}
        step={step}
        value={numberValue(draft[name])}
        aria-invalid={!!errors[name]}
        onChange={(e) => set(name, e.target.valueAsNumber)}
      />,
    );

  const status = !connected
    ? 'Not connected: settings are used when you connect.'
    : awaiting
      ? 'Waiting for session.updated…'
      : refused
        ? `The server refused the update (${refused}): it still runs the values marked ⚠.`
        : !confirmed
        ? 'No session from the server yet.'
        : mismatches.length
          ? `The server's session differs on ${mismatches.length} field${mismatches.length === 1 ? '' : 's'}.`
          : 'The server confirmed these settings.';

  return (
    <form className="session-settings" aria-label="Session settings" onSubmit={apply} data-testid="session-settings">
      <p className={`session-settings__status${mismatches.length || refused ? ' session-settings__status--mismatch' : ''}`} role="status" data-testid="session-settings-status">
        {status}
      </p>
      <fieldset className="session-settings__fields" disabled={disabled}>
        {field(
          'model',
          <>
            <input id={controlId('model')} list={`${id}-models`} value={draft.model} onChange={(e) => set('model', e.target.value)} aria-invalid={!!errors.model} />
            <datalist id={`${id}-models`}>
              {MODELS.map((model) => (
                <option key={model} value={model} />
              ))}
            </datalist>
          </>,
          <span className="session-settings__hint">Changing the model needs a reconnect.</span>,
        )}
        {field(
          'voice',
          <select id={controlId('voice')} value={draft.voice} onChange={(e) => set('voice', e.target.value)}>
            {(VOICES as readonly string[]).includes(draft.voice) ? null : <option value={draft.voice}>{draft.voice}</option>}
            {VOICES.map((voice) => (
              <option key={voice} value={voice}>
                {voice}
              </option>
            ))}
          </select>,
        )}
        {field(
          'instructions',
          <textarea id={controlId('instructions')} rows={3} value={draft.instructions} onChange={(e) => set('instructions', e.target.value)} />,
        )}
        {field(
          'turnDetection',
          <select id={controlId('turnDetection')} value={draft.turnDetection} onChange={(e) => set('turnDetection', e.target.value as TurnDetectionMode)}>
            <option value="none">None (push to talk)</option>
            <option value="server_vad">Server VAD</option>
            <option value="semantic_vad">Semantic VAD</option>
          </select>,
        )}
        {draft.turnDetection === 'server_vad' && (
          <div className="session-settings__group">
            {vadNumberField('vadThreshold', THRESHOLD_STEP)}
            {vadNumberField('vadPrefixPaddingMs', MS_STEP)}
            {vadNumberField('vadSilenceDurationMs', MS_STEP)}
          </div>
        )}
        {draft.turnDetection === 'semantic_vad' && (
          <div className="session-settings__group">
            {field(
              'eagerness',
              <select id={controlId('eagerness')} value={draft.eagerness} onChange={(e) => set('eagerness', e.target.value as Eagerness)}>
                {EAGERNESS_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>,
            )}
          </div>
        )}
        {field(
          'noiseReduction',
          <select id={controlId('noiseReduction')} value={draft.noiseReduction} onChange={(e) => set('noiseReduction', e.target.value as SessionSettings['noiseReduction'])}>
            <option value={NONE}>None</option>
            {NOISE_REDUCTIONS.map((kind) => (
              <option key={kind} value={kind}>
                {kind === 'near_field' ? 'Near field (headset)' : 'Far field (laptop, room)'}
              </option>
            ))}
          </select>,
          offHint('noiseReduction'),
        )}
        {field(
          'transcriptionModel',
          <select id={controlId('transcriptionModel')} value={draft.transcriptionModel} onChange={(e) => set('transcriptionModel', e.target.value)}>
            <option value={NONE}>None</option>
            {(TRANSCRIPTION_MODELS as readonly string[]).includes(draft.transcriptionModel) || draft.transcriptionModel === NONE ? null : (
              <option value={draft.transcriptionModel}>{draft.transcriptionModel}</option>
            )}
            {TRANSCRIPTION_MODELS.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>,
          offHint('transcriptionModel'),
        )}
        {field(
          'outputModality',
          <select id={controlId('outputModality')} value={draft.outputModality} onChange={(e) => set('outputModality', e.target.value as OutputModality)}>
            <option value="audio">Audio (with transcript)</option>
            <option value="text">Text only</option>
          </select>,
        )}
        {field(
          'maxOutputTokens',
          <span className="session-settings__inline">
            <input
              id={controlId('maxOutputTokens')}
              type="number"
              min={LIMITS.maxOutputTokens.min}
              max={LIMITS.maxOutputTokens.max}
              step={1}
              disabled={draft.maxOutputTokens === 'inf'}
              value={draft.maxOutputTokens === 'inf' ? '' : numberValue(draft.maxOutputTokens)}
              placeholder="inf"
              aria-invalid={!!errors.maxOutputTokens}
              onChange={(e) => {
                setTokenLimit(e.target.valueAsNumber);
                set('maxOutputTokens', e.target.valueAsNumber);
              }}
            />
            <label className="session-settings__check">
              <input
                type="checkbox"
                checked={draft.maxOutputTokens === 'inf'}
                onChange={(e) => set('maxOutputTokens', e.target.checked ? 'inf' : Number.isNaN(tokenLimit) ? DEFAULT_TOKEN_LIMIT : tokenLimit)}
              />
              No limit (inf)
            </label>
          </span>,
        )}
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
      </footer>
    </form>
  );
}
