import type { LiveDecisionRecord } from '../../lib/live';

/** Decision evaluations: why (delegation, trigger, request), the answers, the backend tokens. */
export function LiveDecisionsPanel({ decisions, items }: { decisions: readonly LiveDecisionRecord[]; items: number }) {
  return (
    <table className="live-table" data-testid="live-decisions">
      <caption className="live-table__caption">{items} decision input item{items === 1 ? '' : 's'} held for future decisions</caption>
      <thead>
        <tr>
          <th>Evaluation</th>
          <th>For</th>
          <th>State</th>
          <th>Answers</th>
          <th>Tokens</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => (
          <tr key={d.id} data-state={d.state}>
            <td>{d.id}</td>
            <td>{d.delegationId ? `delegation ${d.delegationId}` : d.triggerId ? `trigger ${d.triggerId}` : 'decision.create'}</td>
            <td>{d.state}</td>
            <td>{d.answers.length ? d.answers.map((a) => <div key={a}>{a}</div>) : '—'}</td>
            <td>{d.state === 'completed' ? `in ${d.tokens.input}, out ${d.tokens.output}${d.model ? ` (${d.model})` : ''}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
