import type { TranscriptTurn, TrackedDelegation, LedgerEntry } from '../../lib/live';
import { timelinePercent } from './livePricing';

export interface LiveTimelineProps {
  turns: readonly TranscriptTurn[];
  delegations: readonly TrackedDelegation[];
  appends: readonly LedgerEntry[];
  /** Latest session time seen. */
  nowMs: number;
  /** Shown window (default the last 60 s). */
  windowMs?: number;
}

const LANES = [
  { lane: 'user', label: 'User' },
  { lane: 'assistant', label: 'Assistant' },
] as const;

/**
 * Two lanes on the session clock, user over assistant: both may speak at once, so a barge-in is
 * two segments overlapping in time, not an event. Delegations and placed appends are marks.
 */
export function LiveTimeline({ turns, delegations, appends, nowMs, windowMs = 60_000 }: LiveTimelineProps) {
  const from = Math.max(0, nowMs - windowMs);
  const at = (ms: number) => `${timelinePercent(ms, nowMs, windowMs)}%`;
  const visible = turns.filter((t) => t.endMs >= from);
  return (
    <section className="live-timeline" aria-label="Timeline" data-testid="live-timeline">
      <p className="live-timeline__range">
        {(from / 1000).toFixed(1)} s – {(nowMs / 1000).toFixed(1)} s
      </p>
      {LANES.map(({ lane, label }) => (
        <div key={lane} className={`live-timeline__lane live-timeline__lane--${lane}`} data-testid={`live-lane-${lane}`}>
          <span className="live-timeline__label">{label}</span>
          <div className="live-timeline__track">
            {visible
              .filter((t) => t.lane === lane)
              .map((t) => (
                <span
                  key={`${t.startMs}-${t.lane}`}
                  className="live-timeline__turn"
                  style={{ left: at(t.startMs), width: `calc(${at(t.endMs)} - ${at(t.startMs)})` }}
                  title={`${(t.startMs / 1000).toFixed(1)}–${(t.endMs / 1000).toFixed(1)} s: ${t.text}`}
                  data-start-ms={t.startMs}
                  data-end-ms={t.endMs}
                >
                  {t.text}
                </span>
              ))}
          </div>
        </div>
      ))}
      <div className="live-timeline__marks" aria-label="Delegations and appends">
        {delegations.filter((d) => d.offsetMs >= from).map((d) => (
          <span key={d.id} className="live-timeline__mark live-timeline__mark--delegation" style={{ left: at(d.offsetMs) }} title={`delegation ${d.id} (${d.target}) at ${d.offsetMs} ms: ${d.state}`}>
            ◆
          </span>
        ))}
        {appends.filter((a) => a.startMs !== undefined && a.startMs >= from).map((a) => (
          <span key={a.eventId} className={`live-timeline__mark live-timeline__mark--${a.channel}`} style={{ left: at(a.startMs ?? 0) }} title={`${a.channel} appended at ${a.startMs} ms`}>
            ▲
          </span>
        ))}
      </div>
    </section>
  );
}
