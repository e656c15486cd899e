// The session's cost in the header while connected, to 4 decimals; "?" marks a part unpriced.
import { formatDollars, type UsageReport } from '../../lib/inspector/usage';

export function SessionCost({ report }: { report: UsageReport }) {
  const unpriced = report.unpriced.length > 0;
  return (
    <span className="session-cost" data-testid="session-cost" title={unpriced ? `Not priced: ${report.unpriced.join('; ')}` : 'Session cost so far, from response.done usage'}>
      Cost {formatDollars(report.dollars)}{unpriced ? ' + ?' : ''}
    </span>
  );
}
