import type { TrackedDelegation } from '../../lib/live';

/** Each delegation: where it was made, its state, the backend stream's tool calls and tokens, time to answer. */
export function LiveDelegationsPanel({ delegations }: { delegations: readonly TrackedDelegation[] }) {
  if (!delegations.length) return <p className="live-panel__empty">No delegation yet. Ask about the weather in Paris.</p>;
  return (
    <table className="live-table" data-testid="live-delegations">
      <thead>
        <tr>
          <th>Delegation</th>
          <th>Target</th>
          <th>At</th>
          <th>State</th>
          <th>Answer</th>
          <th>Backend</th>
        </tr>
      </thead>
      <tbody>
        {delegations.map((d) => (
          <tr key={d.id} data-state={d.state}>
            <td>{d.id}</td>
            <td>{d.target}</td>
            <td>{(d.offsetMs / 1000).toFixed(1)} s</td>
            <td>{d.state}</td>
            <td>{d.answerMs === undefined ? '—' : `${d.answerMs} ms on the timeline, ${d.answerWallMs ?? '?'} ms here`}</td>
            <td>
              {d.backendEvents.length ? `${d.backendEvents.length} events` : '—'}
              {d.toolCalls.map((call) => (
                <div key={call.callId} className="live-table__call">
                  {call.name}({call.arguments}) → {call.output ?? 'running…'}
                </div>
              ))}
              {d.tokens.input + d.tokens.output > 0 && <div>tokens in {d.tokens.input}, out {d.tokens.output}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
