// The echo protections of the talk controls, folded behind one line that says which is active
// (echoSummary): playback through the browser's echo canceller, and half duplex.
import { echoSummary } from '../../pages/console/echoProtection';
import type { ConversationAudioState } from '../../pages/console/conversationAudio';

export interface EchoProtectionProps {
  state: Pick<ConversationAudioState, 'halfDuplex' | 'echoCancellerWanted' | 'speakerRoute' | 'speakerRouteProblem'>;
  vad: boolean;
  onHalfDuplexChange(on: boolean): void;
  onEchoCancellerChange(on: boolean): void;
}

export function EchoProtection({ state, vad, onHalfDuplexChange, onEchoCancellerChange }: EchoProtectionProps) {
  const summary = echoSummary(state, vad);
  return (
    <details className={`echo-protection${summary.unprotected ? ' echo-protection--warn' : ''}`}>
      <summary data-testid="echo-protection" title={summary.text}>{summary.short}</summary>
      <p data-testid="echo-protection-detail">{summary.text}</p>
      <label>
        <input type="checkbox" checked={state.echoCancellerWanted} onChange={(e) => onEchoCancellerChange(e.target.checked)} />
        Play the model through the browser&apos;s echo canceller (a local WebRTC loopback; from the next connection)
      </label>
      <label>
        <input type="checkbox" checked={state.halfDuplex} onChange={(e) => onHalfDuplexChange(e.target.checked)} />
        Half duplex: microphone off while the model speaks (you cannot talk over it)
      </label>
    </details>
  );
}
