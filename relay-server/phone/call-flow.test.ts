// A phone call end to end on loopback: the phone-line simulator (Twilio's side) → the relay's
// /twiml and /call → the Realtime simulator answering in µ-law, watched through /logs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { validateClientEvent } from '../../src/lib/protocol/validate';
import { speakMuLaw } from '../../scripts/phone/speech';
import type { RecordingClient } from '../../testing/recording-client';
import { callEvents, openLogs, startPhoneRelay, startWeatherStub, until, type PhoneRelay, type WeatherStub } from './test-support';

const QUESTION = 'What is the weather in Paris?';

describe('a phone call through the relay', () => {
  let sim: RunningSimulator;
  let weather: WeatherStub;
  let phone: PhoneRelay;
  let question: Uint8Array;
  let interruption: Uint8Array;

  before(async () => {
    question = speakMuLaw(QUESTION);
    interruption = speakMuLaw('Stop, thank you.');
    sim = await startSimulator({ port: 0, speed: 4, script: [QUESTION, 'Stop, thank you.'] });
    weather = await startWeatherStub(21.5, 12.3);
    phone = await startPhoneRelay({ upstreamUrl: sim.url, phone: { weatherBaseUrl: weather.baseUrl } });
  });
  after(async () => {
    await phone.close();
    await weather.close();
    await sim.close();
  });

  async function watch(logs: RecordingClient): Promise<string> {
    await until(() => logs.events.some((e) => e.type === 'calls' && Array.isArray(e.calls) && e.calls.length > 0), 'the call is listed on /logs');
    const listed = logs.events.filter((e) => e.type === 'calls').pop() as unknown as { calls: Array<{ id: string }> };
    const callId = listed.calls[0].id;
    logs.send({ type: 'subscribe', callId });
    return callId;
  }

  it('answers a spoken weather question in µ-law with the tool run in the relay, and a barge-in clears and truncates at what was heard', async () => {
    const logs = await openLogs(phone.httpUrl);
    const line = await phone.call();
    await watch(logs);
    line.say(question);
    // The tool runs in the relay against the Open-Meteo stand-in.
    await until(() => callEvents(logs, 'relay').some((e) => e.event.type === 'relay.tool_run'), 'the tool ran', 15_000);
    const run = callEvents(logs, 'relay').find((e) => e.event.type === 'relay.tool_run')?.event as Record<string, unknown>;
    assert.equal(run.name, 'get_weather');
    assert.equal(run.error, null);
    assert.match(String(run.output), /21\.5/);
    assert.equal(weather.requests.length, 1);
    assert.equal(weather.requests[0].get('latitude')?.slice(0, 4), '48.8');
    // The answer plays on the phone: µ-law frames the caller hears, not silence.
    await until(() => line.heardAudioMs >= 600, 'the caller heard 600 ms of the answer', 15_000);
    await until(() => callEvents(logs, 'server').some((e) => e.event.type === 'response.output_audio_transcript.done'), 'the answer was spoken');
    const transcript = callEvents(logs, 'server').filter((e) => e.event.type === 'response.output_audio_transcript.done').map((e) => String(e.event.transcript)).join(' ');
    assert.match(transcript, /21/);
    // Barge in while the answer plays.
    line.say(interruption);
    await until(() => line.events.clears.length > 0, 'Twilio got a clear', 10_000);
    await until(() => callEvents(logs, 'client').some((e) => e.event.type === 'conversation.item.truncate'), 'the item was truncated');
    const truncate = callEvents(logs, 'client').find((e) => e.event.type === 'conversation.item.truncate')?.event as Record<string, unknown>;
    const heard = line.events.clears[0].heardMs;
    assert.ok(line.events.clears[0].droppedMs > 0, 'the clear dropped queued audio');
    assert.ok(Math.abs(Number(truncate.audio_end_ms) - heard) <= 20, `truncated at ${truncate.audio_end_ms} ms, the caller heard ${heard} ms`);
    // Every client event the relay sent upstream is valid GA protocol.
    const sent = callEvents(logs, 'client').map((e) => e.event);
    assert.ok(sent.some((e) => e.type === 'input_audio_buffer.append'));
    const invalid = sent.map((e) => validateClientEvent(e)).filter((r) => !r.valid).map((r) => r.errors.join('; '));
    assert.deepEqual(invalid, []);
    assert.equal(callEvents(logs, 'server').filter((e) => e.event.type === 'error').length, 0);
    line.hangUp();
    await line.closed;
    logs.close();
  });

  it('goes on when Open-Meteo cannot be reached: the tool answers an error and the model still speaks', async () => {
    const offline = await startPhoneRelay({ upstreamUrl: sim.url, phone: { weatherBaseUrl: 'http://127.0.0.1:1/v1/forecast', weatherTimeoutMs: 2000 } });
    try {
      const logs = await openLogs(offline.httpUrl);
      const line = await offline.call();
      const callId = await watch(logs);
      // DTMF is shown as an event; a console's session.update reaches the call's session, formats pinned to µ-law.
      line.sendDtmf('7');
      await until(() => callEvents(logs, 'twilio-in').some((e) => e.event.event === 'dtmf'), 'the digit was shown');
      logs.send({ type: 'session.update', callId, session: { instructions: 'Answer in one sentence.', audio: { output: { format: { type: 'audio/pcm', rate: 24000 } } } } });
      await until(() => logs.events.some((e) => e.type === 'session.update.result' && e.ok === true), 'the update was sent');
      await until(() => callEvents(logs, 'server').some((e) => e.event.type === 'session.updated' && (e.event.session as { instructions?: string }).instructions === 'Answer in one sentence.'), 'the session took it');
      const updated = callEvents(logs, 'server').filter((e) => e.event.type === 'session.updated').pop()?.event.session as { audio: { output: { format: { type: string } } } };
      assert.equal(updated.audio.output.format.type, 'audio/pcmu');
      line.say(question);
      await until(() => callEvents(logs, 'relay').some((e) => e.event.type === 'relay.tool_run'), 'the tool ran', 15_000);
      const run = callEvents(logs, 'relay').find((e) => e.event.type === 'relay.tool_run')?.event as Record<string, unknown>;
      assert.match(String(run.error), /weather service unreachable/);
      assert.match(String(run.output), /"error"/);
      await until(() => line.heardAudioMs >= 200, 'the caller heard the answer', 15_000);
      assert.equal(line.events.clears.length, 0);
      line.hangUp();
      await line.closed;
      logs.close();
    } finally {
      await offline.close();
    }
  });
});
