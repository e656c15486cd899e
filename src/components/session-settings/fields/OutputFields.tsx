// What the model answers with: modality and the token limit ("inf" or 1 to 4096).
import { useState } from 'react';
import { LIMITS } from '../limits';
import { SelectControl } from '../controls';
import { controlId, useSettingsForm } from '../SettingsForm';
import { SettingsField } from '../SettingsField';
import type { OutputModality } from '../sessionSettings';

/** The tokens limit offered when "no limit" is unticked. */
export const DEFAULT_TOKEN_LIMIT = 4096;

const MODALITIES: ReadonlyArray<readonly [OutputModality, string]> = [
  ['audio', 'Audio (with transcript)'],
  ['text', 'Text only'],
];

function MaxOutputTokensField() {
  const form = useSettingsForm();
  const { draft } = form;
  const [limit, setLimit] = useState(typeof draft.maxOutputTokens === 'number' ? draft.maxOutputTokens : DEFAULT_TOKEN_LIMIT);
  const id = controlId(form, 'maxOutputTokens');
  const invalid = Boolean(form.errors.maxOutputTokens);
  return (
    <SettingsField name="maxOutputTokens">
      <span className="session-settings__inline">
        <input
          id={id}
          type="number"
          min={LIMITS.maxOutputTokens.min}
          max={LIMITS.maxOutputTokens.max}
          step={1}
          disabled={draft.maxOutputTokens === 'inf'}
          value={draft.maxOutputTokens === 'inf' || Number.isNaN(draft.maxOutputTokens) ? '' : draft.maxOutputTokens}
          placeholder="inf"
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => {
            setLimit(e.target.valueAsNumber);
            form.set('maxOutputTokens', e.target.valueAsNumber);
          }}
        />
        <label className="session-settings__check">
          <input
            type="checkbox"
            checked={draft.maxOutputTokens === 'inf'}
            onChange={(e) => form.set('maxOutputTokens', e.target.checked ? 'inf' : Number.isNaN(limit) ? DEFAULT_TOKEN_LIMIT : limit)}
          />
          No limit (inf)
        </label>
      </span>
    </SettingsField>
  );
}

export function OutputFields() {
  return (
    <>
      <SelectControl name="outputModality" options={MODALITIES} />
      <MaxOutputTokensField />
    </>
  );
}
