// Calls waiting for an answer by hand: the arguments, a box for the output, Send.
import { useEffect, useState } from 'react';
import type { ManualCallStore } from './manualCalls';

export function ManualCallsPanel({ store }: { store: ManualCallStore }) {
  const [calls, setCalls] = useState(store.calls);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  useEffect(() => {
    setCalls(store.calls);
    return store.subscribe(() => setCalls(store.calls));
  }, [store]);
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
