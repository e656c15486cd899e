// The model: any name, with the current list offered and a word on deprecated ones.
import { MODELS_CHECKED, REALTIME_MODELS, realtimeModel } from '../../../lib/protocol/models';
import { controlId, useSettingsForm } from '../SettingsForm';
import { SettingsField } from '../SettingsField';
import { Hint } from '../controls';

export function ModelField() {
  const form = useSettingsForm();
  const id = controlId(form, 'model');
  const invalid = Boolean(form.errors.model);
  const shutdown = realtimeModel(form.draft.model.trim())?.shutdown;
  return (
    <SettingsField
      name="model"
      hint={
        <>
          <Hint>Changing the model needs a reconnect.</Hint>
          {shutdown && (
            <Hint testId="model-deprecated">
              Deprecated: stops working on {shutdown.date}
              {shutdown.replacement ? `; OpenAI points to ${shutdown.replacement}` : ''}.
            </Hint>
          )}
        </>
      }
    >
      <input
        id={id}
        list={`${id}-list`}
        value={form.draft.model}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => form.set('model', e.target.value)}
      />
      <datalist id={`${id}-list`} data-checked={MODELS_CHECKED}>
        {REALTIME_MODELS.map((model) => (
          <option key={model.id} value={model.id} label={model.shutdown ? `deprecated, until ${model.shutdown.date}` : model.reasoning ? 'reasoning' : undefined} />
        ))}
      </datalist>
    </SettingsField>
  );
}
