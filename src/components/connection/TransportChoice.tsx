import { TRANSPORT_LABELS, type TransportKind } from './transportChoice';

export interface TransportChoiceProps {
  value: TransportKind;
  onChange(kind: TransportKind): void;
  /** While connected the wire cannot change: disconnect first. */
  disabled: boolean;
}

/** WebSocket or WebRTC, beside Connect. */
export function TransportChoice({ value, onChange, disabled }: TransportChoiceProps) {
  return (
    <label className="connection-bar__transport" title="WebRTC: audio as media (the browser cancels echo), events on a data channel. WebSocket: everything as events.">
      <span className="visually-hidden">Transport</span>
      <select data-testid="transport-choice" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value === 'webrtc' ? 'webrtc' : 'websocket')}>
        {(Object.keys(TRANSPORT_LABELS) as TransportKind[]).map((kind) => (
          <option key={kind} value={kind}>{TRANSPORT_LABELS[kind]}</option>
        ))}
      </select>
    </label>
  );
}
