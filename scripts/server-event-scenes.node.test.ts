// The scenes scripts/rendered-server-events.ts measures the console with: every GA server event
// type is in them and every event is valid (project schema strictly, the official one when
// present); and recording them again from the simulator still works and still covers every type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_EVENT_TYPES } from '../src/lib/protocol/validate';
import { checkScenes, recordScenes, SCENES_FILE, type SceneFile } from './server-event-scenes';

test('the recorded scenes cover every GA server event type, each event valid', () => {
  const file = JSON.parse(readFileSync(join(__dirname, '..', SCENES_FILE), 'utf8')) as SceneFile;
  assert.deepEqual(file.types, Array.from(SERVER_EVENT_TYPES.keys()).sort(), 'the schema changed: npx tsx scripts/rendered-server-events.ts --record');
  assert.deepEqual(checkScenes(file), []);
  const built = new Set(file.scenes.flatMap((s) => s.events.filter((e) => e.built).map((e) => e.event.type)));
  assert.deepEqual(Array.from(built).sort(), [
    'conversation.created',
    'conversation.item.created',
    'input_audio_buffer.dtmf_event_received',
    'output_audio_buffer.cleared',
    'output_audio_buffer.started',
    'output_audio_buffer.stopped',
  ]);
});

test('recording the scenes again from the simulator still covers every type', async () => {
  const file = await recordScenes();
  assert.deepEqual(checkScenes(file), []);
});
