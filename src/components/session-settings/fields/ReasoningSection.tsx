// Reasoning effort (Realtime 2 models) and how the conversation is truncated when it outgrows
// the context window.
import { isReasoningModel } from '../../../lib/protocol/models';
import { Hint, NumberControl, SelectControl } from '../controls';
import { REASONING_EFFORTS } from '../options';
import { useSettingsForm } from '../SettingsForm';
import { SettingsSection } from '../SettingsSection';
import type { ReasoningEffortChoice, TruncationMode } from '../sessionSettings';

export const RATIO_STEP = 0.05;
const EFFORTS: ReadonlyArray<readonly [ReasoningEffortChoice, string]> = [
  ['default', "model's default (not sent)"],
  ...REASONING_EFFORTS.map((effort) => [effort, effort] as const),
];
const TRUNCATIONS: ReadonlyArray<readonly [TruncationMode, string]> = [
  ['auto', 'auto (drop the oldest)'],
  ['disabled', 'disabled (error when full)'],
  ['retention_ratio', 'retention ratio'],
];

export function ReasoningSection() {
  const { draft } = useSettingsForm();
  const reasoning = isReasoningModel(draft.model);
  return (
    <SettingsSection title="Reasoning and context" fields={['reasoningEffort', 'truncation', 'retentionRatio', 'truncationTokenLimit']}>
      <SelectControl
        name="reasoningEffort"
        options={EFFORTS}
        disabled={!reasoning}
        hint={reasoning ? undefined : <Hint>Only Realtime 2 models take this: not sent for {draft.model}.</Hint>}
      />
      <SelectControl name="truncation" options={TRUNCATIONS} />
      {draft.truncation === 'retention_ratio' && (
        <div className="session-settings__group">
          <NumberControl name="retentionRatio" step={RATIO_STEP} hint={<Hint>Share of the conversation kept after a truncation.</Hint>} />
          <NumberControl name="truncationTokenLimit" step={1000} emptyLabel="model's limit" hint={<Hint>token_limits.post_instructions</Hint>} />
        </div>
      )}
    </SettingsSection>
  );
}
