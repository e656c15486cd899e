// One row of the form: label, control, why the value is refused, a hint, and what the server
// confirmed (✓ as asked, ⚠ different, plain while an update is pending).
import type { ReactNode } from 'react';
import { controlId, useSettingsForm } from './SettingsForm';
import { FIELD_LABELS, formatValue, isUnasked, type SettingsField as Field } from './sessionSettings';

export interface SettingsFieldProps {
  name: Field;
  children: ReactNode;
  hint?: ReactNode;
}

export function SettingsField({ name, children, hint }: SettingsFieldProps) {
  const form = useSettingsForm();
  const mismatch = form.mismatches.find((m) => m.field === name);
  const error = form.errors[name];
  return (
    <div className={`session-settings__field${mismatch ? ' session-settings__field--mismatch' : ''}`} data-field={name}>
      <label className="session-settings__label" htmlFor={controlId(form, name)}>
        {FIELD_LABELS[name]}
      </label>
      <div className="session-settings__control">{children}</div>
      {error && (
        <span className="session-settings__error" role="alert" id={`${controlId(form, name)}-error`}>
          {error}
        </span>
      )}
      {hint}
      <ServerValue name={name} />
    </div>
  );
}

function ServerValue({ name }: { name: Field }) {
  const form = useSettingsForm();
  const value = form.stated[name];
  if (!form.hasConfirmed || value === undefined) return null;
  const mismatch = form.mismatches.find((m) => m.field === name);
  const shown = formatValue(name, value);
  // While an update is pending, the old value is neither confirmed nor a mismatch yet; a value
  // not asked for (a model default) is shown without a verdict too.
  const neutral = form.awaiting || isUnasked(name, form.asked[name]);
  const modifier = neutral ? ' session-settings__server--pending' : mismatch ? ' session-settings__server--mismatch' : '';
  const title = form.awaiting ? 'waiting for session.updated' : neutral ? 'not asked for' : mismatch ? `asked ${formatValue(name, mismatch.asked)}` : 'as asked';
  return (
    <span className={`session-settings__server${modifier}`} data-testid={`server-${name}`} title={title}>
      {neutral ? `server: ${shown}` : mismatch ? `⚠ server: ${shown}` : `✓ server: ${shown}`}
    </span>
  );
}
