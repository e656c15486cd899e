// A stored prompt (id, version, variables) and tracing to the Traces dashboard.
import { Hint, SelectControl, TextControl } from '../controls';
import { useSettingsForm } from '../SettingsForm';
import { SettingsSection } from '../SettingsSection';
import type { TracingMode } from '../sessionSettings';

const TRACING: ReadonlyArray<readonly [TracingMode, string]> = [
  ['off', 'off (null)'],
  ['auto', 'auto'],
  ['custom', 'named…'],
];

export function PromptTracingSection() {
  const { draft } = useSettingsForm();
  return (
    <SettingsSection
      title="Prompt and tracing"
      fields={['promptId', 'promptVersion', 'promptVariables', 'tracing', 'tracingWorkflowName', 'tracingGroupId', 'tracingMetadata']}
    >
      <TextControl name="promptId" placeholder="pmpt_… (empty: none)" />
      <TextControl name="promptVersion" placeholder="latest" />
      <TextControl name="promptVariables" multiline placeholder='{"name": "Ada"}' />
      <SelectControl name="tracing" options={TRACING} hint={<Hint>Once on, tracing cannot change for the session.</Hint>} />
      {draft.tracing === 'custom' && (
        <div className="session-settings__group">
          <TextControl name="tracingWorkflowName" />
          <TextControl name="tracingGroupId" />
          <TextControl name="tracingMetadata" multiline placeholder='{"team": "voice"}' />
        </div>
      )}
    </SettingsSection>
  );
}
