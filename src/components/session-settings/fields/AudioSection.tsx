// Audio formats and speech speed. G.711 (8 kHz µ-law / A-law) is what a phone line carries.
import { AUDIO_FORMAT_IDS, AUDIO_FORMATS } from '../options';
import { Hint, NumberControl, SelectControl } from '../controls';
import { SettingsSection } from '../SettingsSection';

export const SPEED_STEP = 0.05;
const FORMAT_OPTIONS = AUDIO_FORMAT_IDS.map((id) => [id, AUDIO_FORMATS[id].label] as const);

export function AudioSection() {
  return (
    <SettingsSection title="Audio format and speed" fields={['inputFormat', 'outputFormat', 'speed']}>
      <SelectControl name="inputFormat" options={FORMAT_OPTIONS} />
      <SelectControl name="outputFormat" options={FORMAT_OPTIONS} />
      <NumberControl name="speed" step={SPEED_STEP} hint={<Hint>Changes between the model's turns, not during one.</Hint>} />
    </SettingsSection>
  );
}
