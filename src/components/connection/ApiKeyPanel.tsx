import { FormEvent, useId, useState } from 'react';
import { isEphemeralKey } from '../../lib/realtime';
import { API_KEY_STORAGE_KEY, maskApiKey } from '../../hooks/useStoredApiKey';

export const KEY_OPT_IN_LABEL = 'I understand this key is visible to this browser';

export interface ApiKeyPanelProps {
  apiKey: string | null;
  /** The stored key's opt-in (only asked for a standard key). */
  allowKeyInBrowser: boolean;
  onSave(key: string, allowKeyInBrowser: boolean): void;
  onAllowKeyInBrowserChange(allow: boolean): void;
  onRemove(): void;
  disabled?: boolean;
}

interface KeyOptInProps {
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}

/** The explicit opt-in a standard key needs: a real checkbox with its label and an explanation. */
function KeyOptIn({ checked, onChange, disabled }: KeyOptInProps) {
  const id = useId();
  return (
    <div className="api-key__opt-in" data-testid="api-key-opt-in">
      <input id={`${id}-box`} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} disabled={disabled} aria-describedby={`${id}-why`} />
      <label htmlFor={`${id}-box`}>{KEY_OPT_IN_LABEL}</label>
      <p id={`${id}-why`} className="api-key__why">
        A standard key goes from this page straight to the API: anything running in this browser can read it. An ephemeral key
        (<code>ek_…</code>) needs no opt-in; the relay (<code>npm run relay</code>) keeps the key off the browser.
      </p>
    </div>
  );
}

/** Asks for the key in the page; once stored, shows it masked with Change and Remove. */
export function ApiKeyPanel({ apiKey, allowKeyInBrowser, onSave, onAllowKeyInBrowserChange, onRemove, disabled }: ApiKeyPanelProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  // A new key asks again: the draft's opt-in starts unticked.
  const [draftAllow, setDraftAllow] = useState(false);
  const typed = draft.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!typed) return;
    onSave(draft, draftAllow && !isEphemeralKey(typed));
    setDraft('');
    setDraftAllow(false);
    setEditing(false);
  };

  if (apiKey && !editing) {
    return (
      <div className="api-key" data-testid="api-key">
        <span className="api-key__label">API key</span>
        <code data-testid="api-key-masked">{maskApiKey(apiKey)}</code>
        <button type="button" onClick={() => setEditing(true)} disabled={disabled}>Change</button>
        <button type="button" onClick={onRemove} disabled={disabled}>Remove</button>
        <span className="api-key__where" data-testid="api-key-where">
          Stored in this browser&apos;s localStorage (<code>{API_KEY_STORAGE_KEY}</code>); Remove deletes it.
        </span>
        {!isEphemeralKey(apiKey) && <KeyOptIn checked={allowKeyInBrowser} onChange={onAllowKeyInBrowserChange} disabled={disabled} />}
      </div>
    );
  }
  return (
    <form className="api-key" onSubmit={submit} data-testid="api-key">
      <label className="api-key__label" htmlFor="api-key-input">OpenAI API key</label>
      <input
        id="api-key-input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="sk-… or ek_…"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        disabled={disabled}
      />
      <button type="submit" disabled={disabled || !typed}>Save key</button>
      {apiKey && <button type="button" onClick={() => { setDraft(''); setDraftAllow(false); setEditing(false); }}>Cancel</button>}
      {typed && !isEphemeralKey(typed) && <KeyOptIn checked={draftAllow} onChange={setDraftAllow} disabled={disabled} />}
    </form>
  );
}
