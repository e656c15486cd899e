import { EventLog, type EventLogStore } from '../event-log';
import type { ConsoleToolsOptions } from '../../tools';
import type { TransportKind } from '../connection/transportChoice';
import { LiveCommentaryBox } from './LiveCommentaryBox';
import { LiveMeter } from './LiveMeter';
import { LivePanels } from './LivePanels';
import { LiveStartForm } from './LiveStartForm';
import { useLiveSession } from './useLiveSession';
import './LiveConsole.scss';

export interface LiveConsoleProps {
  relayUrl: string;
  toolOptions: ConsoleToolsOptions;
  /** The console's event log for Live sessions (Export session exports it). */
  eventLog: EventLogStore;
  /** The console's transport choice: WebRTC goes through the relay's `/session/live`. */
  transport?: TransportKind;
  microphoneDeviceId?: string | null;
}

/** The console's GPT-Live mode: start-up form, timeline, delegations, append ledger, cost meter, event log. */
export function LiveConsole({ relayUrl, toolOptions, eventLog, transport, microphoneDeviceId }: LiveConsoleProps) {
  const live = useLiveSession(relayUrl, toolOptions, eventLog, transport, microphoneDeviceId);
  const { client, status } = live;
  const nowMs = Math.max(client?.serverClockMs ?? 0, client?.sentMs ?? 0);
  const waiting = client?.delegations.list().filter((d) => d.target === 'client' && (d.state === 'created' || d.state === 'acknowledged')) ?? [];
  return (
    <div className="live-console" data-testid="live-console" data-version={live.version}>
      <header className="live-console__bar">
        <LiveStartForm locked={status !== 'idle'} onStart={(choices) => void live.start(choices)} />
        <span className="live-console__status" data-testid="live-status">
          {status}
          {client?.session ? ` · ${client.session.id}` : ''}
          {live.lineage.length > 0 && <span data-testid="live-lineage">{` · fork of ${[...live.lineage].reverse().join(' ← ')}`}</span>}
        </span>
        {status === 'live' && (
          <>
            <button type="button" aria-pressed={live.muted} onClick={() => live.setMuted(!live.muted)}>
              Mute microphone
            </button>
            <button type="button" onClick={() => void live.stop()}>
              End session
            </button>
          </>
        )}
        {status === 'closed' && client?.session?.store && (
          <button type="button" title="A new session from this stored one: same model, voice, instructions and conversation" onClick={() => void live.fork()}>
            Fork
          </button>
        )}
        <LiveMeter usage={client?.usage ?? null} />
      </header>
      {live.error && <p role="alert">{live.error}</p>}
      {/* The model's voice over WebRTC: a real media element, so the browser's echo canceller hears it. */}
      <audio ref={live.audioElement} autoPlay hidden data-testid="live-remote-audio" />
      <div className="live-console__body">
        <div className="live-console__main">
          <LivePanels state={client?.state ?? null} nowMs={nowMs}>
            {live.delegation === 'client' && status === 'live' && (
              <section className="panel" aria-label="Client delegation">
                <h2>Answer a delegation</h2>
                <LiveCommentaryBox
                  open={waiting}
                  onSend={(channel, content, id) => (channel === 'commentary' ? client?.appendCommentary(content, id) : client?.appendThinking(content, id))}
                />
              </section>
            )}
          </LivePanels>
        </div>
        <section className="live-console__log" aria-label="Live events" data-testid="live-events">
          <EventLog store={eventLog} />
        </section>
      </div>
    </div>
  );
}
