import { DEFAULT_MICROPHONE_LABEL, type MicrophoneOption } from '../../pages/console/microphoneChoice';

export interface MicrophoneSelectProps {
  options: MicrophoneOption[];
  /** null: the default microphone. */
  deviceId: string | null;
  notice: string | null;
  onChoose(deviceId: string | null): void;
}

export function MicrophoneSelect({ options, deviceId, notice, onChoose }: MicrophoneSelectProps) {
  // A remembered device not listed yet (no permission so far) stays selected, unnamed.
  const listed = !deviceId || options.some((o) => o.deviceId === deviceId);
  return (
    <div className="microphone-select">
      <select
        aria-label="Microphone"
        data-testid="microphone-select"
        title="Used the next time the microphone starts"
        value={deviceId ?? ''}
        onChange={(e) => onChoose(e.target.value || null)}
      >
        <option value="">{DEFAULT_MICROPHONE_LABEL}</option>
        {!listed && deviceId && <option value={deviceId}>Chosen microphone</option>}
        {options.map((o) => (
          <option key={o.deviceId} value={o.deviceId}>{o.label}</option>
        ))}
      </select>
      {notice && <span className="microphone-select__notice" role="status" data-testid="microphone-notice">{notice}</span>}
    </div>
  );
}
