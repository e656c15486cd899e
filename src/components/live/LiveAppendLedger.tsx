import type { LedgerEntry } from '../../lib/live';

/** Appends sent and where they landed; one still pending waits for the clock (input audio) to move. */
export function LiveAppendLedger({ entries }: { entries: readonly LedgerEntry[] }) {
  if (!entries.length) return <p className="live-panel__empty">No commentary, thinking or instructions appended yet.</p>;
  return (
    <table className="live-table" data-testid="live-ledger">
      <thead>
        <tr>
          <th>Channel</th>
          <th>For</th>
          <th>Content</th>
          <th>Placed</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.eventId} data-placed={e.startMs !== undefined}>
            <td>{e.channel}</td>
            <td>{e.delegationId ?? 'session'}</td>
            <td>{e.content}</td>
            <td>
              {e.error
                ? `refused: ${e.error}`
                : e.startMs === undefined
                  ? 'pending (placed when input audio moves the clock)'
                  : `at ${e.startMs} ms, ${Math.max(0, (e.appendedWallMs ?? e.sentWallMs) - e.sentWallMs)} ms after sending`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
