import type { AppConfig } from '../config';
import './ConsolePage.scss';

export interface ConsolePageProps {
  config: AppConfig;
}

/** The console shell: header with the connection mode, event log and conversation panes. */
export function ConsolePage({ config }: ConsolePageProps) {
  return (
    <div className="console-page" data-testid="console-page">
      <header className="console-page__header">
        <h1 className="console-page__title">Realtime Console</h1>
        <span className="console-page__mode" data-testid="connection-mode">
          {config.relayUrl ? `Relay: ${config.relayUrl}` : `Direct: ${config.realtimeUrl}`}
        </span>
      </header>
      <main className="console-page__main">
        <section className="console-page__panel" aria-label="Events">
          <h2>Events</h2>
          <p className="console-page__empty">Not connected.</p>
        </section>
        <section className="console-page__panel" aria-label="Conversation">
          <h2>Conversation</h2>
          <p className="console-page__empty">Nothing said yet.</p>
        </section>
      </main>
    </div>
  );
}
