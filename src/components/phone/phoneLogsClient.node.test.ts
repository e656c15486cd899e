// The console's /logs client against a real relay with the phone line on and the simulator
// answering a call from the phone-line simulator, all on loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../../../simulator/server';
import { speakMuLaw } from '../../../scripts/phone/speech';
import { startPhoneRelay, startWeatherStub, until, type PhoneRelay, type WeatherStub } from '../../../relay-server/phone/test-support';
import { logsUrl, PhoneLogsClient, type SocketFactory } from './phoneLogsClient';

const QUESTION = 'What is the weather in London?';
const wsFactory: SocketFactory = (url) => new WebSocket(url) as unknown as ReturnType<SocketFactory>;

describe('PhoneLogsClient', () => {
  let sim: RunningSimulator;
  let weather: WeatherStub;
  let phone: PhoneRelay;
  before(async () => {
    sim = await startSimulator({ port: 0, speed: 4, script: [QUESTION] });
    weather = await startWeatherStub(9.5, 20);
    phone = await startPhoneRelay({ upstreamUrl: sim.url, phone: { weatherBaseUrl: weather.baseUrl } });
  });
  after(async () => {
    await phone.close();
    await weather.close();
    await sim.close();
  });

  it('derives /logs from the relay URL, keeping its token', () => {
    assert.equal(logsUrl('ws://localhost:8081/?access_token=abc'), 'ws://localhost:8081/logs?access_token=abc');
  });

  it("shows the line's status, the live call, its events, transcript and tool run, and sends it a session.update", async () => {
    const client = new PhoneLogsClient(phone.httpUrl.replace('http', 'ws'), wsFactory);
    await until(() => client.status !== null, 'the status came');
    assert.equal(client.status?.enabled, true);
    assert.equal(client.status?.webhookUrl, `${phone.httpUrl}/twiml`);
    assert.equal(client.status?.publicUrlAnswers, true);
    const line = await phone.call({ from: '+15550123' });
    await until(() => client.calls.length === 1, 'the call is listed');
    assert.equal(client.calls[0].from, '+15550123');
    client.select(client.calls[0].id);
    line.say(speakMuLaw(QUESTION));
    await until(() => client.toolRuns.length === 1, 'the tool ran', 15_000);
    assert.equal(client.toolRuns[0].name, 'get_weather');
    await until(() => client.conversation.getItems().some((item) => item.role === 'assistant' && /9\.5/.test(item.formatted.transcript)), 'the answer is in the conversation', 15_000);
    const user = client.conversation.getItems().find((item) => item.role === 'user');
    assert.equal(user?.formatted.transcript, QUESTION);
    assert.ok(client.events.types().some((t) => t.type === 'input_audio_buffer.speech_started'));
    assert.ok(client.timeline.some((entry) => entry.kind === 'start'));
    client.updateSession({ instructions: 'Be brief.' });
    await until(() => client.updateResult?.ok === true, 'the update was sent');
    line.hangUp();
    await until(() => client.calls.length === 0, 'the call left the list');
    client.close();
  });
});
