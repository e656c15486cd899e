// The form's controls, each bound to one settings field through the form context and wrapped in
// its SettingsField row. Number inputs carry the field's range (limits.ts) as min / max.
import type { ReactNode } from 'react';
import { controlId, useSettingsForm } from './SettingsForm';
import { SettingsField } from './SettingsField';
import { LIMITS, type LimitedField } from './limits';
import type { SessionSettings, SettingsField as Field } from './sessionSettings';

type FieldOf<V> = { [F in Field]: SessionSettings[F] extends V ? F : never }[Field];

function useBound(name: Field) {
  const form = useSettingsForm();
  const id = controlId(form, name);
  const invalid = Boolean(form.errors[name]);
  return { form, id, a11y: { id, 'aria-invalid': invalid, 'aria-describedby': invalid ? `${id}-error` : undefined } };
}

export interface SelectControlProps<F extends FieldOf<string>> {
  name: F;
  options: ReadonlyArray<readonly [SessionSettings[F], string]>;
  hint?: ReactNode;
  disabled?: boolean;
}

/** A select; a value not among the options (e.g. a server's custom one) is kept as an extra option. */
export function SelectControl<F extends FieldOf<string>>({ name, options, hint, disabled }: SelectControlProps<F>) {
  const { form, a11y } = useBound(name);
  const value = form.draft[name] as string;
  const known = options.some(([option]) => option === value);
  return (
    <SettingsField name={name} hint={hint}>
      <select {...a11y} value={value} disabled={disabled} onChange={(e) => form.set(name, e.target.value as SessionSettings[F])}>
        {known ? null : <option value={value}>{value}</option>}
        {options.map(([option, label]) => (
          <option key={option as string} value={option as string}>
            {label}
          </option>
        ))}
      </select>
    </SettingsField>
  );
}

export interface NumberControlProps {
  name: FieldOf<number | null> & LimitedField;
  step: number;
  /**
   * What an empty box means, e.g. "off": the field may then be left empty (sent as its absence or
   * `null`). Without it an empty box is a value to fix.
   */
  emptyLabel?: string;
  hint?: ReactNode;
}

export function NumberControl({ name, step, emptyLabel, hint }: NumberControlProps) {
  const { form, a11y } = useBound(name);
  const value: number | null = form.draft[name];
  const { min, max } = LIMITS[name];
  const mayBeEmpty = emptyLabel !== undefined;
  return (
    <SettingsField name={name} hint={hint}>
      <input
        {...a11y}
        type="number"
        min={min}
        max={max === Number.MAX_SAFE_INTEGER ? undefined : max}
        step={step}
        placeholder={emptyLabel}
        value={value === null || Number.isNaN(value) ? '' : value}
        // An empty box is "off" where allowed; text the browser cannot read as a number stays invalid (NaN).
        onChange={(e) => form.set(name, mayBeEmpty && e.target.value === '' && !e.target.validity.badInput ? null : e.target.valueAsNumber)}
      />
    </SettingsField>
  );
}

export interface TextControlProps {
  name: FieldOf<string>;
  multiline?: boolean;
  placeholder?: string;
  hint?: ReactNode;
  list?: string;
}

export function TextControl({ name, multiline, placeholder, hint, list }: TextControlProps) {
  const { form, a11y } = useBound(name);
  const value = form.draft[name] as string;
  const onChange = (next: string) => form.set(name, next as SessionSettings[typeof name]);
  return (
    <SettingsField name={name} hint={hint}>
      {multiline ? (
        <textarea {...a11y} rows={3} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...a11y} type="text" list={list} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      )}
    </SettingsField>
  );
}

export function CheckControl({ name, hint }: { name: FieldOf<boolean>; hint?: ReactNode }) {
  const { form, a11y } = useBound(name);
  return (
    <SettingsField name={name} hint={hint}>
      <input {...a11y} type="checkbox" checked={form.draft[name] as boolean} onChange={(e) => form.set(name, e.target.checked as SessionSettings[typeof name])} />
    </SettingsField>
  );
}

export function Hint({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <span className="session-settings__hint" data-testid={testId}>
      {children}
    </span>
  );
}
