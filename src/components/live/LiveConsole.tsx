import type { ConsoleToolsOptions } from '../../tools';
import { LiveAppendLedger } from './LiveAppendLedger';
import { LiveDelegationsPanel } from './LiveDelegationsPanel';
import { LiveMeter } from './LiveMeter';
import { LiveStartForm } from './LiveStartForm';
import { LiveTimeline } from './LiveTimeline';
import { useLiveSession } from './useLiveSession';
import './LiveConsole.scss';

export interface LiveConsoleProps {
  relayUrl: string;
  toolOptions: ConsoleToolsOptions;
}

/** The console's GPT-Live mode: start-up form, timeline, delegations, append ledger, cost meter. */
export function LiveConsole({ relayUrl, toolOptions }: LiveConsoleProps) {
  const live = useLiveSession(relayUrl, toolOptions);
  const { client, status } = live;
  const nowMs = Math.max(client?.serverClockMs ?? 0, client?.sentMs ?? 0);
  return (
    <div className="live-console" data-testid="live-console" data-version={live.version}>
      <header className="live-console__bar">
        <LiveStartForm locked={status !== 'idle'} onStart={(choices) => void live.start(choices)} />
        <span className="live-console__status" data-testid="live-status">
          {status}
          {client?.session ? ` · ${client.session.id}` : ''}
        </span>
        {status === 'live' && (
          <button type="button" onClick={() => void live.stop()}>
            End session
          </button>
        )}
        <LiveMeter usage={client?.usage ?? null} />
      </header>
      {live.error && <p role="alert">{live.error}</p>}
      <LiveTimeline turns={client?.transcript.list() ?? []} delegations={client?.delegations.list() ?? []} appends={client?.ledger.list() ?? []} nowMs={nowMs} />
      <section className="panel" aria-label="Delegations">
        <h2>Delegations</h2>
        <LiveDelegationsPanel delegations={client?.delegations.list() ?? []} />
      </section>
      <section className="panel" aria-label="Appends">
        <h2>Appends</h2>
        <LiveAppendLedger entries={client?.ledger.list() ?? []} />
      </section>
    </div>
  );
}
