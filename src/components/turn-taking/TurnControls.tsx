import { FormEvent, useState } from 'react';
import { MicrophoneSelect, type MicrophoneSelectProps } from './MicrophoneSelect';
import { PushToTalkButton } from './PushToTalkButton';
import './TurnControls.scss';

export type TurnMode = 'manual' | 'vad';

export interface TurnControlsProps {
  mode: TurnMode;
  connected: boolean;
  talking: boolean;
  onModeChange(mode: TurnMode): void;
  onTalkStart(): void;
  onTalkEnd(): void;
  onSendText(text: string): void;
  /** Said after a push-to-talk press too short to send ("hold to talk"); null: nothing to say. */
  talkHint?: string | null;
  /** The input device picker; left out when there is nothing to pick from (tests, no mic). */
  microphone?: MicrophoneSelectProps;
}

export function TurnControls({ mode, connected, talking, onModeChange, onTalkStart, onTalkEnd, onSendText, talkHint, microphone }: TurnControlsProps) {
  const [text, setText] = useState('');
  const send = (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message || !connected) return;
    onSendText(message);
    setText('');
  };
  return (
    <div className="turn-controls">
      <div className="turn-controls__mode" role="radiogroup" aria-label="Turn taking">
        {(['manual', 'vad'] as const).map((value) => (
          <label key={value} className={`toggle${mode === value ? ' toggle--on' : ''}`}>
            <input type="radio" name="turn-mode" value={value} checked={mode === value} onChange={() => onModeChange(value)} />
            {value === 'manual' ? 'Manual' : 'VAD'}
          </label>
        ))}
      </div>
      {microphone && <MicrophoneSelect {...microphone} />}
      {mode === 'manual' ? (
        <PushToTalkButton talking={talking} disabled={!connected} onStart={onTalkStart} onEnd={onTalkEnd} />
      ) : (
        <span className="turn-controls__listening" data-testid="vad-listening">{connected ? 'Listening — just talk' : 'Listens once connected'}</span>
      )}
      {/* Always rendered: a live region announces changes, not its first appearance. */}
      <span className="turn-controls__hint" role="status" data-testid="talk-hint">{mode === 'manual' ? talkHint : null}</span>
      <form className="turn-controls__text" onSubmit={send}>
        <input
          aria-label="Message"
          data-testid="message-input"
          placeholder={connected ? 'Type a message…' : 'Connect to send messages'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          disabled={!connected}
        />
        <button type="submit" className="button" disabled={!connected || !text.trim()}>Send</button>
      </form>
    </div>
  );
}
