// The console's Phone view: the phone line's checklist, the live calls, and for the chosen call
// the same panels as a browser session (conversation, event log, session settings) fed from the
// relay's /logs, plus the call's facts, its function calls (run in the relay) and its Twilio
// timeline. All state is in PhoneLogsClient; this only renders it.
import { ConversationPanel } from '../conversation/ConversationPanel';
import { EventLog } from '../event-log';
import { DEFAULT_SESSION_SETTINGS, SessionSettingsPanel, sessionToSettings } from '../session-settings';
import { CallFactsView } from './CallFactsView';
import { PhoneChecklist } from './PhoneChecklist';
import { usePhoneLogs } from './usePhoneLogs';
import './PhoneView.scss';

const NO_DELETE = () => undefined;

export function PhoneView({ relayUrl }: { relayUrl: string }) {
  const { client, version } = usePhoneLogs(relayUrl);
  if (!client) return null;
  const call = client.calls.find((facts) => facts.id === client.selected) ?? null;
  const items = client.conversation.getItems();
  return (
    <div className="phone" data-testid="phone-view">
      <section className="panel phone__setup" aria-label="Phone line">
        <header className="panel__header">
          <h2>Phone line (Twilio)</h2>
        </header>
        <PhoneChecklist status={client.status} connection={client.connection} />
      </section>
      <section className="panel phone__calls" aria-label="Live calls">
        <header className="panel__header">
          <h2>Live calls</h2>
        </header>
        {client.calls.length === 0 ? (
          <p>No call right now.{client.status?.enabled ? ' Call the number, or run npm run phone.' : ''}</p>
        ) : (
          <ul data-testid="phone-calls">
            {client.calls.map((facts) => (
              <li key={facts.id}>
                <button type="button" aria-pressed={facts.id === client.selected} onClick={() => client.select(facts.id)}>
                  {facts.from || 'unknown caller'} · {facts.callSid.slice(0, 10) || facts.id}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {client.selected && (
        <div className="phone__call" data-testid="phone-call">
          {call ? <CallFactsView facts={call} /> : <p>The call has ended; its events stay below until another is chosen.</p>}
          <div className="phone__conversation" data-testid="phone-conversation">
            <ConversationPanel items={items} version={version} connected={call !== null} onDeleteItem={NO_DELETE} />
          </div>
          <section className="phone__events" aria-label="Call events" data-testid="phone-events">
            <EventLog store={client.events} />
          </section>
          <section className="panel phone__tools" aria-label="Function calls">
            <header className="panel__header">
              <h2>Function calls (run in the relay)</h2>
            </header>
            <ul data-testid="phone-tool-runs">
              {client.toolRuns.map((run, index) => (
                <li key={index}>
                  <code>{run.name}({run.arguments})</code> → {run.error ? <span className="phone__warning">error: {run.error}</span> : <code>{run.output}</code>} <small>{run.ms} ms</small>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel phone__timeline" aria-label="Twilio timeline">
            <header className="panel__header">
              <h2>Twilio and relay</h2>
            </header>
            <ol data-testid="phone-timeline">
              {client.timeline.slice(-200).map((entry, index) => (
                <li key={index}>
                  <small>{(entry.t / 1000).toFixed(2)} s</small> {entry.source === 'twilio-out' ? '→ Twilio' : entry.source === 'twilio-in' ? 'Twilio →' : 'relay'} <b>{entry.kind}</b> {entry.detail}
                </li>
              ))}
            </ol>
          </section>
          <section className="panel phone__settings" aria-label="Call session">
            <header className="panel__header">
              <h2>Call session</h2>
            </header>
            <SessionSettingsPanel
              requested={sessionToSettings(client.serverSession ?? {}, DEFAULT_SESSION_SETTINGS)}
              confirmed={client.serverSession}
              connected={call !== null}
              onApply={(session) => client.updateSession(session as Record<string, unknown>)}
              rejection={client.updateResult && !client.updateResult.ok ? { message: client.updateResult.message ?? 'refused' } : null}
            />
          </section>
        </div>
      )}
    </div>
  );
}
