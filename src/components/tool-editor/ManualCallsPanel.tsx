// Calls waiting for an answer by hand: the arguments, a box for the output, Send; and what a
// screen reader hears of them wherever the user is.
import { useEffect, useState } from 'react';
import type { ManualCall, ManualCallStore } from './manualCalls';

function useManualCalls(store: ManualCallStore): readonly ManualCall[] {
  const [calls, setCalls] = useState(store.calls);
  useEffect(() => {
    setCalls(store.calls);
    return store.subscribe(() => setCalls(store.calls));
  }, [store]);
  return calls;
}

/** What to say of the calls waiting for an answer by hand ('' when none). */
export function manualCallsAnnouncement(calls: readonly ManualCall[]): string {
  if (calls.length === 0) return '';
  const names = calls.map((call) => call.name).join(', ');
  return `${calls.length === 1 ? 'A tool call waits' : `${calls.length} tool calls wait`} for your answer under the tool editor (the Tools tab on a phone): ${names}.`;
}

/**
 * A polite live region, visually hidden: the panel may sit in a hidden tab (a phone's), where
 * its own text would say nothing. Render it where it is never hidden.
 */
export function ManualCallsAnnouncer({ store }: { store: ManualCallStore }) {
  const calls = useManualCalls(store);
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="manual-calls-announcement">
      {manualCallsAnnouncement(calls)}
    </p>
  );
}

export function ManualCallsPanel({ store }: { store: ManualCallStore }) {
  const calls = useManualCalls(store);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  if (calls.length === 0) return null;
  return (
    <div className="manual-calls" aria-label="Tool calls to answer" role="region">
      {calls.map((call) => (
        <form
          key={call.id}
          className="manual-calls__call"
          data-testid="manual-call"
          onSubmit={(event) => {
            event.preventDefault();
            store.answer(call.id, drafts[call.id] ?? '');
          }}
        >
          <p>
            <strong>{call.name}</strong> waits for your answer. Arguments:
          </p>
          <pre className="manual-calls__args">{JSON.stringify(call.args, null, 2)}</pre>
          <label>
            Output (JSON or text)
            <textarea rows={3} value={drafts[call.id] ?? ''} onChange={(event) => setDrafts({ ...drafts, [call.id]: event.target.value })} data-testid="manual-call-output" />
          </label>
          <button type="submit" className="button button--small button--primary" data-testid="manual-call-send">Send output</button>
        </form>
      ))}
    </div>
  );
}
