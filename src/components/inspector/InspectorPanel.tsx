// The Latency and Usage panels over one inspector store; re-rendered once a frame at most.
import { useMemo } from 'react';
import { usageReport } from '../../lib/inspector/usage';
import { LatencyPanel } from '../latency/LatencyPanel';
import { SessionCost } from '../usage/SessionCost';
import { SessionCountdown } from '../usage/SessionCountdown';
import { UsagePanel } from '../usage/UsagePanel';
import { useInspectorVersion, type Inspector } from './useInspector';

export function InspectorPanel({ inspector }: { inspector: Inspector }) {
  const { store, prices, edits, saveEdit, resetEdit } = inspector;
  const version = useInspectorVersion(store);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store changes in place; version says when
  const report = useMemo(() => usageReport(store.usage, prices), [store, prices, version]);
  const model = store.usage.model;
  return (
    <>
      <LatencyPanel turns={store.turns()} summary={store.summary()} />
      <UsagePanel
        report={report}
        model={model}
        rateLimits={store.usage.rateLimits}
        prices={prices}
        edited={edits.some((row) => row.model === model)}
        onSavePrice={saveEdit}
        onResetPrice={resetEdit}
      />
    </>
  );
}

/** The header's cost chip and the session's countdown, shown while connected. */
export function HeaderCost({ inspector }: { inspector: Inspector }) {
  const version = useInspectorVersion(inspector.store);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  const report = useMemo(() => usageReport(inspector.store.usage, inspector.prices), [inspector.store, inspector.prices, version]);
  return (
    <>
      <SessionCost report={report} />
      <SessionCountdown expiresAt={inspector.store.usage.expiresAt} />
    </>
  );
}
