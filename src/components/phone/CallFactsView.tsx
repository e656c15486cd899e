// One call's facts: who, how long, the codec, and what crossed (frames, marks, clears, tools).
import type { CallFacts } from './phoneLogsClient';

function duration(facts: CallFacts, now: number): string {
  const seconds = Math.max(0, ((facts.endedAt ?? now) - facts.startedAt) / 1000);
  return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}

export function CallFactsView({ facts }: { facts: CallFacts }) {
  const rows: Array<[string, string]> = [
    ['From', facts.from || 'unknown'],
    ['Call', facts.callSid || '—'],
    ['Duration', duration(facts, Date.now())],
    ['Codec', `${facts.codec} (8 kHz µ-law, passed through)`],
    ['Media frames', `${facts.mediaIn} in, ${facts.mediaOut} out`],
    ['Marks', `${facts.marksEchoed} echoed of ${facts.marksSent} sent`],
    ['Clears (barge-ins)', `${facts.clears}, ${facts.truncations} truncated`],
    ['Keys pressed', facts.dtmf || 'none'],
    ['Tool runs', String(facts.toolRuns)],
    ['State', facts.endReason ? `${facts.state}: ${facts.endReason}` : facts.state],
  ];
  return (
    <dl className="phone__facts" data-testid="call-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
