// The seam row of "Reconnect with history": written before the carried items, never flagged by
// the schema, and the same row after the session is exported and opened again.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { EventLogStore, type LogRow } from './eventLogStore';
import { summarizeRow } from './eventSummary';
import { historyCarriedRecord } from '../../lib/inspector/console-records';
import { exportSession } from '../inspector/exportSession';
import { loadRecording } from '../inspector/recording';
import { openSessionFile } from '../../lib/inspector/session-file';
import { RealtimeConversation } from '../../lib/realtime/conversation';
import { historyCarryEvents, planHistoryCarry } from '../../lib/realtime/history-carry';
import { ev, items } from '../../lib/realtime/test-support/server-events';

function rowsOf(log: EventLogStore): LogRow[] {
  return Array.from({ length: log.visibleCount }, (_, i) => log.visibleRow(i)!);
}

it('the seam row sits before the carried items, passes validation, and reads back the same from an exported file', async () => {
  const conversation = new RealtimeConversation();
  conversation.processEvent(ev.itemAdded(items.userText('item_u', 'Remember that my favourite colour is blue')));
  conversation.processEvent(ev.itemAdded(items.functionCall('item_c', 'call_1', 'set_memory', '{"key":"favourite_colour","value":"blue"}')));
  conversation.processEvent(ev.itemAdded(items.userAudio('item_a')));
  const plan = planHistoryCarry(conversation.getItems());

  const log = new EventLogStore();
  log.startConnection('WebSocket');
  log.append({ time: 1000, source: 'client', event: { type: 'session.update', session: { type: 'realtime' } } });
  log.appendDisconnect({ time: 2000, code: 1012, reason: 'relay: restarting' });
  log.startConnection('WebSocket');
  log.append({ time: 3000, source: 'client', event: { type: 'session.update', session: { type: 'realtime' } } });
  log.append(historyCarriedRecord(plan, 3001));
  for (const event of historyCarryEvents(plan)) log.append({ time: 3002, source: 'client', event });
  await log.whenValidated();
  assert.equal(log.problemCount, 0, 'the console rows and the carried items all pass');

  const types = rowsOf(log).map((row) => row.type);
  assert.deepEqual(types, ['session.update', '(disconnected)', 'session.update', '(history carried)', 'conversation.item.create', 'conversation.item.create']);
  const seam = rowsOf(log)[3];
  const summary = summarizeRow(log, seam);
  assert.equal(summary, 'history carried: 2 items from the last session (67 characters) · 1 left out: 1 no_output');

  const file = exportSession(log, { audio: false });
  const recording = loadRecording(openSessionFile(file.name, file.bytes));
  await recording.log.whenValidated();
  const reopened = rowsOf(recording.log);
  assert.deepEqual(reopened.map((row) => row.type), types);
  assert.equal(recording.log.problemCount, 0, 'read back, the console rows are still not protocol events');
  assert.equal(summarizeRow(recording.log, reopened[3]), summary);
  assert.equal(summarizeRow(recording.log, reopened[1]), 'connection ended · code 1012 · relay: restarting');
});
