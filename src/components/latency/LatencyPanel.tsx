// One row per turn: its kind, first audio, first text and audible in whole ms, and a waterfall
// bar on a scale shared by every row (so rows compare). Session p50/p95 above the rows. Audible is
// when the answer first played in this page: the player's first sample on WebSocket (the
// console's '(audible)' record), output_audio_buffer.started on WebRTC.
import type { LatencySummary, Percentiles, TurnLatency } from '../../lib/inspector/latency';
import { waterfall, type Waterfall } from './waterfall';
import './Latency.scss';

export interface LatencyPanelProps {
  turns: readonly TurnLatency[];
  summary: LatencySummary;
}

const KIND_LABEL: Record<TurnLatency['kind'], string> = { vad: 'VAD', 'push-to-talk': 'Push-to-talk', typed: 'Typed' };

const msText = (value: number | undefined): string => (value === undefined ? '—' : `${value} ms`);

function percentileText(name: string, figures: Percentiles): string {
  if (figures.count === 0) return `${name}: no turns yet`;
  return `${name} p50 ${figures.p50} ms · p95 ${figures.p95} ms`;
}

function Bar({ drawn, scale }: { drawn: Waterfall; scale: number }) {
  const pct = (value: number) => `${(100 * value) / scale}%`;
  return (
    <div className="latency__bar" role="img" aria-label={[...drawn.segments.map((s) => s.label), ...drawn.marks.map((m) => m.label)].join('; ')}>
      {drawn.segments.map((segment, index) => (
        <span
          key={index}
          className={`latency__segment latency__segment--${segment.kind}`}
          style={{ left: pct(segment.from), width: pct(Math.max(segment.to - segment.from, scale / 400)) }}
          title={segment.label}
        />
      ))}
      {drawn.marks.map((mark) => (
        <span key={mark.kind} className={`latency__mark latency__mark--${mark.kind}`} style={{ left: pct(mark.at) }} title={mark.label} />
      ))}
    </div>
  );
}

export function LatencyPanel({ turns, summary }: LatencyPanelProps) {
  const drawn = turns.map(waterfall);
  const scale = Math.max(1, ...drawn.map((entry) => entry.end));
  return (
    <section className="panel latency" aria-label="Latency" data-testid="latency-panel">
      <header className="panel__header">
        <h2>Latency</h2>
      </header>
      <p className="latency__summary" data-testid="latency-summary">
        {percentileText('First audio', summary.firstAudio)}
        <br />
        {percentileText('First text', summary.firstText)}
        <br />
        {percentileText('Audible', summary.audible)}
      </p>
      {turns.length === 0 ? (
        <p className="panel__empty">No turns yet. Each spoken, pushed or typed turn gets a row, measured from the end of your input.</p>
      ) : (
        <ol className="latency__rows">
          {turns.map((turn, index) => (
            <li key={turn.index} className="latency__row" data-testid="latency-row" data-kind={turn.kind} data-status={turn.status}>
              <div className="latency__figures">
                <span className="latency__kind">#{turn.index + 1} {KIND_LABEL[turn.kind]}</span>
                <span>first audio <strong data-testid="latency-first-audio">{msText(turn.firstAudioMs)}</strong></span>
                <span>first text <strong data-testid="latency-first-text">{msText(turn.firstTextMs)}</strong></span>
                <span title="first played in this page">audible <strong data-testid="latency-audible">{msText(turn.audibleMs)}</strong></span>
                {turn.status !== 'completed' && <span className={`latency__status latency__status--${turn.status.replace(' ', '-')}`}>{turn.status}</span>}
              </div>
              <Bar drawn={drawn[index]} scale={scale} />
            </li>
          ))}
        </ol>
      )}
      <p className="latency__legend" aria-hidden="true">
        <span className="latency__key latency__segment--commit" /> commit <span className="latency__key latency__segment--wait" /> wait
        <span className="latency__key latency__segment--response" /> response <span className="latency__key latency__segment--tool-run" /> tool
        <span className="latency__key latency__mark--text" /> first text <span className="latency__key latency__mark--audio" /> first audio
        <span className="latency__key latency__mark--audible" /> audible
      </p>
    </section>
  );
}
