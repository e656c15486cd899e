import { act, renderHook } from '@testing-library/react';
import { RealtimeClient } from '../../lib/realtime';
import { useEventLog } from './useEventLog';

const sent = (type: string) => ({ time: Date.now(), source: 'client' as const, event: { type, event_id: 'e' } });

test("each client's first event starts a connection in the log; its close, or letting it go, adds a row (issue 13, item 9)", () => {
  const first = new RealtimeClient({ url: 'ws://127.0.0.1:9/v1/realtime' });
  const second = new RealtimeClient({ url: 'ws://127.0.0.1:9/v1/realtime' });
  const { result, rerender } = renderHook(({ client }) => useEventLog(client), { initialProps: { client: first as RealtimeClient | null } });
  const store = result.current;
  act(() => {
    first.emit('realtime.event', sent('session.update'));
    first.emit('close', { code: 1006, reason: '', wasClean: false, error: 'upstream lost' });
  });
  rerender({ client: null });
  // Disconnect pressed: the page lets go of the client before any close arrives.
  rerender({ client: second });
  act(() => second.emit('realtime.event', sent('session.update')));
  rerender({ client: null });
  // A Connect that never opened logged nothing and gets no row.
  rerender({ client: new RealtimeClient({ url: 'ws://127.0.0.1:9/v1/realtime' }) });
  rerender({ client: null });
  const rows = Array.from({ length: store.rowCount }, (_, id) => store.row(id)!);
  expect(rows.map((row) => [row.type, row.connectionStart])).toEqual([
    ['session.update', true],
    ['(disconnected)', false],
    ['session.update', true],
    ['(disconnected)', false],
  ]);
  expect(store.entry(1)!.event).toEqual({ type: '(disconnected)', code: 1006, reason: 'upstream lost' });
  expect(store.entry(3)!.event).toEqual({ type: '(disconnected)', reason: 'disconnected' });
});
