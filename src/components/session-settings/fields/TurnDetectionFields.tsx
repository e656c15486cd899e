// Turn detection and the parameters of the chosen kind (server VAD or semantic VAD).
import { CheckControl, NumberControl, SelectControl } from '../controls';
import { EAGERNESS_LEVELS } from '../options';
import { useSettingsForm } from '../SettingsForm';
import type { TurnDetectionMode } from '../sessionSettings';

export const THRESHOLD_STEP = 0.05;
export const MS_STEP = 50;

const MODES: ReadonlyArray<readonly [TurnDetectionMode, string]> = [
  ['none', 'None (push to talk)'],
  ['server_vad', 'Server VAD'],
  ['semantic_vad', 'Semantic VAD'],
];

export function TurnDetectionFields() {
  const { draft } = useSettingsForm();
  const vad = draft.turnDetection !== 'none';
  return (
    <>
      <SelectControl name="turnDetection" options={MODES} />
      {vad && (
        <div className="session-settings__group">
          {draft.turnDetection === 'server_vad' ? (
            <>
              <NumberControl name="vadThreshold" step={THRESHOLD_STEP} />
              <NumberControl name="vadPrefixPaddingMs" step={MS_STEP} />
              <NumberControl name="vadSilenceDurationMs" step={MS_STEP} />
              <NumberControl name="idleTimeoutMs" step={1000} emptyLabel="off" />
            </>
          ) : (
            <SelectControl name="eagerness" options={EAGERNESS_LEVELS.map((level) => [level, level] as const)} />
          )}
          <CheckControl name="createResponse" />
          <CheckControl name="interruptResponse" />
        </div>
      )}
    </>
  );
}
