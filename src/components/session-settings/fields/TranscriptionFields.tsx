// Noise reduction and input transcription (model, language, prompt, log probabilities). "None"
// is sent as `null`, which turns the running feature off without a reconnect.
import { CheckControl, Hint, SelectControl, TextControl } from '../controls';
import { NOISE_REDUCTIONS, TRANSCRIPTION_MODELS, TRANSCRIPTION_MODELS_WITHOUT_PROMPT } from '../options';
import { useSettingsForm } from '../SettingsForm';
import { NONE, type SessionSettings } from '../sessionSettings';

function OffHint({ name }: { name: 'noiseReduction' | 'transcriptionModel' }) {
  const { connected, draft, running } = useSettingsForm();
  if (!connected || draft[name] !== NONE || running[name] === undefined || running[name] === NONE) return null;
  return <Hint testId={`off-${name}`}>Apply turns it off on the live session (null in session.update).</Hint>;
}

const NOISE_OPTIONS: ReadonlyArray<readonly [SessionSettings['noiseReduction'], string]> = [
  [NONE, 'None'],
  ...NOISE_REDUCTIONS.map((kind) => [kind, kind === 'near_field' ? 'Near field (headset)' : 'Far field (laptop, room)'] as const),
];
const TRANSCRIPTION_OPTIONS: ReadonlyArray<readonly [string, string]> = [[NONE, 'None'], ...TRANSCRIPTION_MODELS.map((model) => [model, model] as const)];

export function TranscriptionFields() {
  const { draft } = useSettingsForm();
  const on = draft.transcriptionModel !== NONE;
  const takesPrompt = !TRANSCRIPTION_MODELS_WITHOUT_PROMPT.includes(draft.transcriptionModel);
  return (
    <>
      <SelectControl name="noiseReduction" options={NOISE_OPTIONS} hint={<OffHint name="noiseReduction" />} />
      <SelectControl name="transcriptionModel" options={TRANSCRIPTION_OPTIONS} hint={<OffHint name="transcriptionModel" />} />
      {on && (
        <div className="session-settings__group">
          <TextControl name="transcriptionLanguage" placeholder="e.g. en (empty: detect)" />
          {(takesPrompt || draft.transcriptionPrompt) && <TextControl name="transcriptionPrompt" multiline placeholder="words or style to expect" />}
          <CheckControl name="includeLogprobs" hint={<Hint>include: item.input_audio_transcription.logprobs</Hint>} />
        </div>
      )}
    </>
  );
}
