// A folded group of less used fields (a disclosure button, not <details>, so the fold is state
// the form owns). Folded, its fields are not rendered; the button still says how many of them
// the server confirmed differently (⚠) or need fixing.
import { useId, useState, type ReactNode } from 'react';
import { useSettingsForm } from './SettingsForm';
import type { SettingsField } from './sessionSettings';

export interface SettingsSectionProps {
  title: string;
  /** The fields inside, for the counts on the button. */
  fields: readonly SettingsField[];
  children: ReactNode;
}

export function SettingsSection({ title, fields, children }: SettingsSectionProps) {
  const form = useSettingsForm();
  const bodyId = useId();
  const [open, setOpen] = useState(false);
  const differ = form.mismatches.filter((m) => fields.includes(m.field)).length;
  const toFix = fields.filter((field) => form.errors[field]).length;
  return (
    <div className="session-settings__section" role="group" aria-label={title}>
      <button type="button" className="session-settings__summary" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
        <span className="session-settings__summary-title">{title}</span>
        {differ > 0 && <span className="session-settings__badge session-settings__badge--mismatch">⚠ {differ} differ</span>}
        {toFix > 0 && <span className="session-settings__badge session-settings__badge--error">{toFix} to fix</span>}
      </button>
      <div id={bodyId} className="session-settings__section-body" hidden={!open}>
        {open && children}
      </div>
    </div>
  );
}
