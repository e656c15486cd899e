import { ServerErrorNotice } from './ServerErrorNotice';
import type { ServerErrorNoticeState } from './serverErrorText';
import { TransportChoice } from './TransportChoice';
import type { TransportKind } from './transportChoice';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected';

export interface ConnectionBarProps {
  status: ConnectionStatus;
  /** Why the last connection ended or failed; cleared on the next attempt. */
  closeReason: string | null;
  /** A server error that did not end the connection: shown apart, as non-fatal. */
  serverError?: ServerErrorNoticeState | null;
  onDismissServerError?(): void;
  canConnect: boolean;
  isSimulator: boolean;
  onConnect(): void;
  onDisconnect(): void;
  /** The wire to connect over (WebSocket / WebRTC), chosen beside Connect; absent: no choice shown. */
  transport?: { value: TransportKind; onChange(kind: TransportKind): void };
}

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  connected: 'Connected',
};

export function ConnectionBar({ status, closeReason, serverError, canConnect, isSimulator, onConnect, onDisconnect, onDismissServerError, transport }: ConnectionBarProps) {
  const simulatorShown = isSimulator && status === 'connected';
  return (
    <div className="connection-bar">
      <span className={`connection-bar__status connection-bar__status--${status}`} data-testid="connection-status" role="status">
        {STATUS_TEXT[status]}
      </span>
      {/* Always laid out, shown for a simulator session: its arrival must not wrap the header and move the panels. */}
      <span
        className="connection-bar__badge"
        data-testid={simulatorShown ? 'simulator-badge' : undefined}
        title="Answers come from the local simulator, not an OpenAI model"
        style={simulatorShown ? undefined : { visibility: 'hidden' }}
        aria-hidden={!simulatorShown}
      >
        Simulator
      </span>
      {transport && <TransportChoice value={transport.value} onChange={transport.onChange} disabled={status !== 'disconnected'} />}
      {/* Two elements (keys), not one relabelled: focus must not carry from Connect to Disconnect,
          or the Space held to talk right after connecting would press Disconnect on release. */}
      {status === 'disconnected' ? (
        <button key="connect" type="button" className="button button--primary connection-bar__toggle" onClick={onConnect} disabled={!canConnect}>Connect</button>
      ) : (
        <button key="disconnect" type="button" className="button connection-bar__toggle" onClick={onDisconnect}>Disconnect</button>
      )}
      {closeReason && (
        <span className="connection-bar__reason" role="alert" data-testid="close-reason">{closeReason}</span>
      )}
      {serverError && <ServerErrorNotice notice={serverError} onDismiss={() => onDismissServerError?.()} />}
    </div>
  );
}
