// A recording of a Live session (server events with timestamps, as the event log exports them)
// opens offline: the log (Live's schema, collapsed rows), the timeline, delegations, append
// ledger, decisions and usage; exported again as a zip, it opens with the same figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { openSessionFile, parseEventsJsonl } from '../../lib/inspector/session-file';
import { invalidLiveFrames } from '../../lib/live/test-support';
import { exportSession } from '../inspector/exportSession';
import { loadRecording } from '../inspector/recording';
import { summarizeRow } from '../event-log/eventSummary';
import { FIXTURE_COMMENTARY, FIXTURE_THINKING, LIVE_FIXTURE_NAME, liveFixtureBytes } from './test-support/liveFixture';

const open = (bytes = liveFixtureBytes(), name = LIVE_FIXTURE_NAME) => loadRecording(openSessionFile(name, bytes));

test('the fixture is a faithful Live stream: every event strictly valid against the generated Live schema', () => {
  const { records, problemCount, header } = parseEventsJsonl(new TextDecoder().decode(liveFixtureBytes()));
  assert.equal(problemCount, 0);
  assert.equal(header, 'live', 'the export says its protocol');
  assert.ok(records.length > 100);
  assert.deepEqual(invalidLiveFrames(records), []);
});

test('opening it rebuilds the timeline, the delegation answered, the ledger placed, a decision and the usage', () => {
  const { live, log, opened } = open();
  assert.equal(opened.protocol, 'live');
  assert.ok(live);
  const turns = live.transcript.list();
  assert.match(turns.filter((t) => t.lane === 'user').map((t) => t.text).join(' '), /weather in Paris/);
  assert.match(turns.filter((t) => t.lane === 'assistant').map((t) => t.text).join(' '), /sunny in Paris/);
  const [delegation] = live.delegations.list();
  assert.equal(delegation.target, 'client');
  assert.equal(delegation.state, 'answered');
  assert.ok(delegation.answerMs !== undefined && delegation.answerWallMs !== undefined && delegation.answerWallMs >= 0, 'answer times from the recording');
  const ledger = live.ledger.list();
  assert.deepEqual(ledger.map((e) => [e.channel, e.content, e.delegationId]), [
    ['thinking', FIXTURE_THINKING, delegation.id],
    ['commentary', FIXTURE_COMMENTARY, delegation.id],
  ]);
  assert.ok(ledger.every((e) => e.startMs !== undefined && e.startMs >= delegation.offsetMs), 'placed on the timeline after the delegation');
  const [decision] = live.decisions.list();
  assert.equal(decision.source, 'trigger');
  assert.match(decision.answers[0], /^asks_weather: p=0\.\d0$/);
  assert.equal(live.decisions.items.size, 1);
  assert.ok(live.finalized && (live.usage?.seconds ?? 0) > 3, 'session.closed gives the final usage');
  // The log holds every event, audio collapsed: a run of output audio is one row.
  assert.equal(log.size, opened.records.length);
  assert.ok(log.rowCount < log.size / 3, `${log.rowCount} rows for ${log.size} events`);
  const summaries = Array.from({ length: log.rowCount }, (_, i) => log.row(log.visibleRow(i)!.id)!).map((row) => `${row.type}: ${summarizeRow(log, row)}`);
  assert.ok(summaries.some((s) => /^session\.output_audio\.delta: \d+(\.\d)? kB of audio$/.test(s)), summaries.join('\n'));
  assert.ok(summaries.some((s) => /^session\.input_audio\.append: .* of microphone audio over/.test(s)));
  assert.ok(summaries.some((s) => /^session\.delegation\.created: dlg_\S+ · to client · at \d+\.\d s$/.test(s)));
  assert.ok(summaries.some((s) => s.startsWith(`session.commentary.append: commentary for ${delegation.id}: “${FIXTURE_COMMENTARY}”`)));
  assert.ok(summaries.some((s) => /^session\.commentary\.appended: commentary placed at \d+\.\d s–\d+\.\d s \(evt_/.test(s)));
  assert.ok(summaries.some((s) => /^session\.input_transcript\.delta: user \d+\.\d s–\d+\.\d s “.*weather/.test(s)));
  assert.ok(summaries.some((s) => /^decision\.event: trigger trg_\S+ · gpt-5\.5-mini · asks_weather: p=0\.\d0$/.test(s)));
  assert.ok(summaries.some((s) => /^session\.closed: close_requested · \d+\.\d s of session$/.test(s)));
});

test('a log without the header is still read as Live (its event types say so)', () => {
  const text = new TextDecoder().decode(liveFixtureBytes()).split('\n').slice(1).join('\n');
  const { live } = open(new TextEncoder().encode(text), 'no-header.jsonl');
  assert.equal(live?.delegations.list()[0].state, 'answered');
});

test('exported again as a zip (protocol live, stereo WAV) it opens with the same timeline and delegations', () => {
  const first = open();
  const file = exportSession(first.log, { audio: true, protocol: 'live', now: new Date('2026-12-01T05:00:00Z') });
  assert.equal(file.name, 'live-session-2026-12-01T05-00-00.zip');
  const manifest = JSON.parse(strFromU8(unzipSync(file.bytes)['session.json']));
  assert.equal(manifest.protocol, 'live');
  assert.equal(manifest.session.model, 'gpt-live-1');
  assert.ok(manifest.audio, 'the μ-law audio both ways, decoded into the WAV');
  const again = open(file.bytes, file.name);
  assert.equal(again.opened.protocol, 'live');
  assert.deepEqual(again.live?.transcript.list(), first.live?.transcript.list());
  assert.deepEqual(again.live?.delegations.list(), first.live?.delegations.list());
  assert.deepEqual(again.live?.ledger.list(), first.live?.ledger.list());
  assert.equal(again.log.size, first.log.size);
});
