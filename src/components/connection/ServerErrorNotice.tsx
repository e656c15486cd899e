// A non-fatal server error while connected: amber and dismissible, apart from the connection
// status, so it does not read as the connection having failed.
import type { ServerErrorNoticeState } from './serverErrorText';

export interface ServerErrorNoticeProps {
  notice: ServerErrorNoticeState;
  onDismiss(): void;
}

export function ServerErrorNotice({ notice, onDismiss }: ServerErrorNoticeProps) {
  return (
    <span className="connection-bar__notice" role="status" data-testid="server-error-notice">
      <span data-testid="server-error-text">{notice.text}</span>
      {notice.count > 1 && (
        <span className="connection-bar__notice-count" data-testid="server-error-count">
          {` (${notice.count} errors)`}
        </span>
      )}
      <button type="button" className="button button--small" onClick={onDismiss}>Dismiss</button>
    </span>
  );
}
