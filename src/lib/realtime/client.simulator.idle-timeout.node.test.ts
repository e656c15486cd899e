// The server VAD's idle timeout, client <-> local simulator over a real socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatorSession } from './test-support/simulator-session';

const SAMPLE_RATE = 24_000;

test('simulator: the idle-timeout item carries the audio of [audio_start_ms, audio_end_ms], not all that was appended', async () => {
  const s = await simulatorSession({
    session: { output_modalities: ['text'], audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 5000 } } } },
  });
  try {
    const answered = s.next('response.done');
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'hello' }]);
    await answered; // the idle clock starts when a response ends
    const idle = s.next('conversation.item.completed', ({ item }) => item.idleTimeout === true);
    const silence = new Int16Array(SAMPLE_RATE / 10);
    for (let i = 0; i < 70; i++) s.client.appendInputAudio(silence); // 7 s, sent at once
    const item = (await idle).item;
    const { audioStartMs = -1, audioEndMs = -1 } = item.speech ?? {};
    assert.ok(audioEndMs - audioStartMs >= 5000 && audioEndMs < 7000, `timeout range ${audioStartMs}..${audioEndMs} ms`);
    const expected = Math.round((audioEndMs * SAMPLE_RATE) / 1000) - Math.round((audioStartMs * SAMPLE_RATE) / 1000);
    assert.equal(item.formatted.audioSampleCount, expected, 'the range, not the 7 s appended');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});
