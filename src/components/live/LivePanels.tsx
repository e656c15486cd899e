import type { LiveWireState } from '../../lib/live/live-wire-state';
import { LiveAppendLedger } from './LiveAppendLedger';
import { LiveDecisionsPanel } from './LiveDecisionsPanel';
import { LiveDelegationsPanel } from './LiveDelegationsPanel';
import { LiveTimeline } from './LiveTimeline';

export interface LivePanelsProps {
  state: LiveWireState | null;
  /** Latest session time (the timeline's right edge). */
  nowMs: number;
  /** Between the timeline and the delegations: the commentary box, live. */
  children?: React.ReactNode;
}

/** A Live session's timeline, delegations, append ledger and decisions: live, or from a recording. */
export function LivePanels({ state, nowMs, children }: LivePanelsProps) {
  const delegations = state?.delegations.list() ?? [];
  const appends = state?.ledger.list() ?? [];
  const decisions = state?.decisions.list() ?? [];
  return (
    <>
      <LiveTimeline turns={state?.transcript.list() ?? []} delegations={delegations} appends={appends} nowMs={nowMs} />
      {children}
      <section className="panel" aria-label="Delegations">
        <h2>Delegations</h2>
        <LiveDelegationsPanel delegations={delegations} />
      </section>
      <section className="panel" aria-label="Appends">
        <h2>Appends</h2>
        <LiveAppendLedger entries={appends} />
      </section>
      {(decisions.length > 0 || (state?.decisions.items.size ?? 0) > 0) && (
        <section className="panel" aria-label="Decisions">
          <h2>Decisions</h2>
          <LiveDecisionsPanel decisions={decisions} items={state?.decisions.items.size ?? 0} />
        </section>
      )}
    </>
  );
}
