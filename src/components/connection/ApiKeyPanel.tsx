import { FormEvent, useState } from 'react';
import { maskApiKey } from '../../hooks/useStoredApiKey';

export interface ApiKeyPanelProps {
  apiKey: string | null;
  onSave(key: string): void;
  onRemove(): void;
  disabled?: boolean;
}

/** Asks for the key in the page; once stored, shows it masked with Change and Remove. */
export function ApiKeyPanel({ apiKey, onSave, onRemove, disabled }: ApiKeyPanelProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    onSave(draft);
    setDraft('');
    setEditing(false);
  };

  if (apiKey && !editing) {
    return (
      <div className="api-key" data-testid="api-key">
        <span className="api-key__label">API key</span>
        <code data-testid="api-key-masked">{maskApiKey(apiKey)}</code>
        <button type="button" onClick={() => setEditing(true)} disabled={disabled}>Change</button>
        <button type="button" onClick={onRemove} disabled={disabled}>Remove</button>
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
        placeholder="sk-…"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        disabled={disabled}
      />
      <button type="submit" disabled={disabled || !draft.trim()}>Save key</button>
      {apiKey && <button type="button" onClick={() => { setDraft(''); setEditing(false); }}>Cancel</button>}
    </form>
  );
}
