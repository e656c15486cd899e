// Opening a recording through the worker's reader (recording-reader.ts, what recording.worker.ts
// runs) and the page's assembler gives the same recording as loadRecording does in one go: the
// same records, log rows, figures, items with their audio, seams and WAV. Each message crosses a
// structured clone with its transfer list, as it does between the worker and the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { openSessionFile, type OpenedSession } from '../../lib/inspector/session-file';
import { readRecording, BATCH_LINES, type ReaderMessage } from '../../lib/inspector/recording-reader';
import { sessionAudio } from '../../lib/inspector/session-audio';
import { RecordingConversation } from '../../lib/inspector/recording-conversation';
import { recordingLines } from '../../lib/inspector/test-support/recording-lines';
import { liveFixtureBytes, LIVE_FIXTURE_NAME } from '../live/test-support/liveFixture';
import { loadRecording, type Recording } from './recording';
import { RecordingAssembler, type AssemblyStep } from './recordingAssembler';

/** The reader's messages, each as the page receives it (cloned, its buffers transferred). */
function messagesOf(bytes: Uint8Array): ReaderMessage[] {
  const messages: ReaderMessage[] = [];
  readRecording(bytes, (message, transfer) => messages.push(structuredClone(message, { transfer: transfer ?? [] })));
  return messages;
}

function assemble(name: string, bytes: Uint8Array): { steps: AssemblyStep[]; recording: Recording | null; messages: ReaderMessage[] } {
  const assembler = new RecordingAssembler(name);
  const messages = messagesOf(bytes);
  const steps = messages.map((message) => assembler.receive(message));
  const ready = steps.find((step): step is Extract<AssemblyStep, { state: 'ready' }> => step.state === 'ready');
  return { steps, recording: ready?.recording ?? null, messages };
}

/** What the view reads of a recording, comparable with deepEqual. */
function shown(recording: Recording) {
  const rows = Array.from({ length: recording.log.visibleCount }, (_, i) => recording.log.visibleRow(i)!);
  return {
    opened: recording.opened,
    rows: rows.map((row) => [row.type, row.source, row.count, row.time]),
    size: recording.log.size,
    problems: recording.log.problemCount,
    turns: recording.inspector.turns(),
    usage: recording.inspector.usage.responses,
    items: recording.items.map(({ getAudio, ...fields }) => ({ ...fields, audio: Array.from(getAudio()) })),
    seams: recording.seams,
  };
}

/** The state machine's own bookkeeping, not part of ItemState. */
const INTERNAL = new Set(['completionReported', 'textFinal', 'transcriptFinal', 'audio']);

async function bytesOf(audio: Promise<Blob | null>): Promise<Uint8Array | null> {
  const blob = await audio;
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

const jsonl = (lines: string[]) => strToU8(`${lines.join('\n')}\n`);

test('a recording read in batches by the worker and assembled by the page is the one loadRecording makes', async () => {
  const lines = recordingLines(1800, { loud: true, seamAfterTurn: 8, garbledAt: [700] });
  const bytes = jsonl(lines);
  const { steps, recording, messages } = assemble('big.jsonl', bytes);
  assert.ok(recording, 'the recording is ready');
  assert.ok(messages.filter((m) => m.type === 'lines').length >= Math.ceil(lines.length / BATCH_LINES), 'several batches of lines');
  assert.deepEqual(messages.map((m) => m.type).filter((type, i, all) => type !== all[i - 1]), ['head', 'lines', 'stage', 'items', 'stage', 'audio']);
  // Progress goes up to all of the events, then the reader's stages.
  const progress = steps.flatMap((step) => (step.state === 'reading' && step.stage === 'lines' ? [step.progress] : []));
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
  assert.equal(progress[progress.length - 1], 1);

  const direct = loadRecording(openSessionFile('big.jsonl', bytes));
  assert.deepEqual(shown(recording), shown(direct));
  // Both are the items of the client's own state machine, every field of theirs kept.
  const conversation = new RecordingConversation();
  for (const record of direct.opened.records) conversation.add(record);
  const machine = conversation.items();
  assert.equal(recording.items.length, machine.length);
  machine.forEach((item, i) => {
    const view = recording.items[i] as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(item)) if (!INTERNAL.has(field) && value !== undefined) assert.deepEqual(view[field], value, `${item.id}.${field}`);
    assert.deepEqual(recording.items[i].getAudio(), item.getAudio(), item.id);
  });
  assert.equal(recording.opened.problemCount, 1, 'the garbled line');
  assert.deepEqual(recording.opened.problems, ['line 701: not JSON']);
  // The user's audio went to the user's item, the model's to the answer.
  const user = recording.items.find((item) => item.id === 'item_user_3');
  assert.equal(user?.getAudio().length, 50 * 480);
  assert.equal(user?.getAudio()[0], 3 * 97 + 1);
  assert.equal(recording.items.find((item) => item.id === 'item_answer_3')?.getAudio().length, 40 * 480);
  // The seam: after the last item of the first session, carried 2, 1 left out.
  assert.deepEqual(recording.seams, [{ afterItemId: 'item_answer_8', carried: 2, leftOut: 1 }]);
  const wav = await bytesOf(recording.audio());
  assert.ok(wav && wav.length > 44);
  assert.deepEqual(wav, sessionAudio(direct.opened.records)?.wav);
  assert.deepEqual(wav, await bytesOf(direct.audio()));
});

test('a zip: its own WAV, and a manifest that names the protocol', async () => {
  const events = recordingLines(300, { loud: true });
  const wav = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]);
  const manifest = { format: 'realtime-console-session', version: 1, protocol: 'realtime', exportedAt: '2026-12-01T00:00:00Z', session: null, tools: [], audio: null };
  const bytes = zipSync({ 'events.jsonl': jsonl(events), 'session.json': strToU8(JSON.stringify(manifest)), 'audio.wav': [wav, { level: 0 }] });
  const { recording } = assemble('s.zip', bytes);
  assert.ok(recording);
  const direct = loadRecording(openSessionFile('s.zip', bytes));
  assert.deepEqual(shown(recording), shown(direct));
  assert.deepEqual(await bytesOf(recording.audio()), wav);
});

test('a GPT-Live recording: the page rebuilds its wire state from the batches, as loadRecording does', () => {
  const { recording, messages } = assemble(LIVE_FIXTURE_NAME, liveFixtureBytes());
  assert.ok(recording);
  const direct = loadRecording(openSessionFile(LIVE_FIXTURE_NAME, liveFixtureBytes()));
  assert.equal(recording.opened.protocol, 'live');
  assert.deepEqual(shown(recording), shown(direct));
  assert.deepEqual(recording.live?.transcript.list(), direct.live?.transcript.list());
  assert.deepEqual(recording.live?.delegations.list(), direct.live?.delegations.list());
  assert.deepEqual(recording.live?.ledger.list(), direct.live?.ledger.list());
  assert.deepEqual(messages.find((m) => m.type === 'items'), { type: 'items', items: [], seams: [] }, 'the worker rebuilds no Realtime conversation for it');
});

test('what cannot be read gives the sentences the page gave before the worker', () => {
  const failed = (name: string, bytes: Uint8Array) => {
    const step = assemble(name, bytes).steps.find((s) => s.state === 'failed');
    return step?.state === 'failed' ? step.message : null;
  };
  // The page prefixes the file's name; before, the same: `${name}: no events could be read (…)`.
  const expected = (opened: OpenedSession) => `no events could be read${opened.problems.length ? ` (${opened.problems.join('; ')})` : ''}`;
  const cases: Array<[string, Uint8Array]> = [
    ['garbage.jsonl', strToU8('hello\nworld\n')],
    ['empty.jsonl', new Uint8Array(0)],
    ['no-events.zip', zipSync({ 'session.json': strToU8('{}') })],
    ['broken.zip', zipSync({ 'events.jsonl': jsonl(recordingLines(50)) }).subarray(0, 60)],
  ];
  for (const [name, bytes] of cases) assert.equal(failed(name, bytes), expected(openSessionFile(name, bytes)), name);
  assert.equal(failed('garbage.jsonl', strToU8('hello\nworld\n')), 'no events could be read (line 1: not JSON; line 2: not JSON)');
  // An exception in the reader reaches the page as its message.
  const messages: ReaderMessage[] = [];
  readRecording(null as unknown as Uint8Array, (message) => messages.push(message));
  assert.equal(messages.length, 1);
  assert.equal(messages[0].type, 'error');
  const assembler = new RecordingAssembler('x');
  const step = assembler.receive(messages[0]);
  assert.equal(step.state, 'failed');
  assert.match(step.state === 'failed' ? step.message : '', /null/);
});
