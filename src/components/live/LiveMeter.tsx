import type { LiveUsage } from '../../lib/live';
import { liveVoiceCostUsd, LIVE_USD_PER_ACTIVE_MINUTE } from './livePricing';

/** Session seconds (cumulative, as the server reports them), their voice cost, and context use. */
export function LiveMeter({ usage }: { usage: LiveUsage | null }) {
  const seconds = usage?.seconds ?? 0;
  const ratio = usage?.usageRatio;
  return (
    <div className="live-meter" data-testid="live-meter">
      <span>{seconds.toFixed(1)} s</span>
      <span title={`$${LIVE_USD_PER_ACTIVE_MINUTE} per active minute, billed per second; backend tokens apart`}>${liveVoiceCostUsd(seconds).toFixed(4)}</span>
      <span>
        context <meter min={0} max={1} value={ratio ?? 0} /> {ratio === undefined ? 'unknown' : `${(ratio * 100).toFixed(1)}%`}
      </span>
    </div>
  );
}
