// Edits the current model's prices (dollars per 1M tokens). Saved rows live in localStorage and
// say "edited in this browser" as their source; Reset goes back to the shipped row.
import { useState, type FormEvent } from 'react';
import type { ModelPrice } from '../../lib/inspector/prices';

export interface PriceEditorProps {
  model: string;
  price: ModelPrice | undefined;
  edited: boolean;
  onSave(row: ModelPrice): void;
  onReset(): void;
}

const FIELDS = [
  ['text', 'input', 'Text in'],
  ['text', 'cached', 'Text cached'],
  ['text', 'output', 'Text out'],
  ['audio', 'input', 'Audio in'],
  ['audio', 'cached', 'Audio cached'],
  ['audio', 'output', 'Audio out'],
  ['image', 'input', 'Image in'],
  ['image', 'cached', 'Image cached'],
] as const;

type FieldKey = `${(typeof FIELDS)[number][0]}.${(typeof FIELDS)[number][1]}`;

function initialValues(price: ModelPrice | undefined): Record<FieldKey, string> {
  const read = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  return Object.fromEntries(
    FIELDS.map(([kind, field]) => {
      const group = price?.[kind] as Record<string, number | null> | null | undefined;
      return [`${kind}.${field}`, read(group?.[field])];
    }),
  ) as Record<FieldKey, string>;
}

/** The row the form describes, or the first field that is not a price. */
export function rowFromForm(model: string, values: Record<FieldKey, string>, base: ModelPrice | undefined): ModelPrice | string {
  const number = (key: FieldKey, optional: boolean): number | null | string => {
    const text = values[key].trim();
    if (text === '' && optional) return null;
    const value = Number(text);
    return text !== '' && Number.isFinite(value) && value >= 0 ? value : key;
  };
  const keys: Array<[FieldKey, boolean]> = [['text.input', false], ['text.cached', true], ['text.output', false], ['audio.input', false], ['audio.cached', true], ['audio.output', false], ['image.input', true], ['image.cached', true]];
  const read: Partial<Record<FieldKey, number | null>> = {};
  for (const [key, optional] of keys) {
    const value = number(key, optional);
    if (typeof value === 'string') return value;
    read[key] = value;
  }
  return {
    model,
    aliases: base?.aliases,
    text: { input: read['text.input'] as number, cached: read['text.cached'] ?? null, output: read['text.output'] as number },
    audio: { input: read['audio.input'] as number, cached: read['audio.cached'] ?? null, output: read['audio.output'] as number },
    image: read['image.input'] === null || read['image.input'] === undefined ? null : { input: read['image.input'], cached: read['image.cached'] ?? null },
    source: base?.source ?? '',
    confirmed: false,
  };
}

export function PriceEditor({ model, price, edited, onSave, onReset }: PriceEditorProps) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(() => initialValues(price));
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const row = rowFromForm(model, values, price);
    if (typeof row === 'string') {
      setError(`${row.replace('.', ' ')}: a price of 0 or more is needed`);
      return;
    }
    setError(null);
    onSave(row);
    setOpen(false);
  };
  if (!open) {
    return (
      <p className="usage__price-actions">
        <button type="button" className="button button--small" onClick={() => { setValues(initialValues(price)); setOpen(true); }} data-testid="edit-prices">
          {price ? 'Edit prices' : 'Add prices'}
        </button>
        {edited && <button type="button" className="button button--small" onClick={onReset}>Reset to shipped prices</button>}
      </p>
    );
  }
  return (
    <form className="usage__price-form" onSubmit={submit} aria-label={`Prices for ${model}`}>
      <p className="usage__hint">Dollars per 1M tokens for {model}. Empty cached: cached tokens cost the input price.</p>
      <div className="usage__price-grid">
        {FIELDS.map(([kind, field, label]) => {
          const key = `${kind}.${field}` as FieldKey;
          return (
            <label key={key}>
              {label}
              <input inputMode="decimal" value={values[key]} onChange={(event) => setValues({ ...values, [key]: event.target.value })} data-testid={`price-${kind}-${field}`} />
            </label>
          );
        })}
      </div>
      {error && <p className="usage__unpriced" role="alert">{error}</p>}
      <button type="submit" className="button button--small button--primary" data-testid="save-prices">Save</button>{' '}
      <button type="button" className="button button--small" onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}
