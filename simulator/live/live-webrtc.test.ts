// GPT-Live over WebRTC against a real simulator on loopback, with a Node WebRTC peer (werift) as
// the frontend: `POST /v1/live/sessions` checked against the generated Live schema, the session
// on the `oai-events` channel with its clock driven by the decoded microphone track, the
// data-channel allow-lists, and the trusted sideband at `/v1/live/sessions/{id}/attach`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import { startSimulator, type RunningSimulator } from '../server';
import { RecordingClient } from '../../testing/recording-client';
import { validateLiveCreateAnswer } from '../../src/lib/protocol/live-validate';
import { LIVE_TEST_OFFER as OFFER, postLiveOffer, rmsDbfs, TestPeer } from '../webrtc/test-support';
import { invalidLiveEvents, silence, speech } from './test-support';

const KEY = 'sk-sim-live-standard';
const sent: LiveServerEvent[] = [];
let sim: RunningSimulator;
let base: string;

before(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, script: ['hello there'], onLiveServerEvent: (event) => sent.push(event) });
  base = `http://127.0.0.1:${sim.port}`;
});
after(async () => {
  await sim.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(process.getActiveResourcesInfo().filter((name) => name === 'UDPWrap'), [], 'no UDP socket left open');
  assert.deepEqual(invalidLiveEvents(sent), [], 'every Live event the simulator sent is valid');
});

const attach = (id: string, key = KEY): Promise<RecordingClient> =>
  RecordingClient.open(`ws://127.0.0.1:${sim.port}/v1/live/sessions/${id}/attach`, { headers: { Authorization: `Bearer ${key}` } });

describe('POST /v1/live/sessions', () => {
  it('refuses what the types refuse: unknown fields with their param, an audio format, a bad selector, ephemeral keys, no JSON', async () => {
    const refused = async (body: unknown, key: string | null = KEY, type?: string) => {
      const answer = await postLiveOffer(base, key, body, type);
      return { status: answer.status, error: (answer.body as { error: { code: string; param: string | null } }).error };
    };
    const unknown = await refused({ session: { model: 'gpt-live-1', voice: 'marin' }, transport: { type: 'webrtc', sdp: OFFER } });
    assert.deepEqual([unknown.status, unknown.error.code, unknown.error.param], [400, 'unknown_parameter', 'session.voice']);
    // MediaSessionConfig.audio has no format: "WebRTC and SIP negotiate their audio format".
    const format = await refused({ session: { model: 'gpt-live-1', audio: { format: { type: 'audio/pcm', rate: 24000 } } }, transport: { type: 'webrtc', sdp: OFFER } });
    assert.deepEqual([format.status, format.error.code, format.error.param], [400, 'unknown_parameter', 'session.audio.format']);
    const selector = await refused({
      session: { model: 'gpt-live-1', client: { data_channel: { allowed_server_events: [{ type: 'response.event' }] } } },
      transport: { type: 'webrtc', sdp: OFFER },
    });
    assert.equal(selector.error.param, 'session.client.data_channel.allowed_server_events[0].response_event');
    const model = await refused({ session: { model: 'gpt-realtime' }, transport: { type: 'webrtc', sdp: OFFER } });
    assert.deepEqual([model.status, model.error.param], [400, 'session.model']);
    assert.equal((await refused({ session: { model: 'gpt-live-1' }, transport: { type: 'webrtc', sdp: OFFER } }, 'ek_not_for_live')).status, 401);
    assert.equal((await refused({ session: { model: 'gpt-live-1' }, transport: { type: 'webrtc', sdp: OFFER } }, null)).status, 401);
    assert.equal((await refused(OFFER, KEY, 'application/sdp')).error.code, 'invalid_content_type');
    assert.equal((await refused({ session: { model: 'gpt-live-1' }, transport: { type: 'webrtc', sdp: 'hello' } })).error.param, 'transport.sdp');
  });

  it('answers {session: {id}, transport: {type, sdp}}, starts on the data channel, runs its clock on the microphone, sends speech on the track', async () => {
    const peer = await TestPeer.dialLive(base, KEY, { model: 'gpt-live-1', instructions: 'Be brief.' });
    try {
      assert.ok(validateLiveCreateAnswer({ session: { id: peer.callId }, transport: { type: 'webrtc', sdp: peer.peer.remoteDescription?.sdp } }).valid);
      const started = await peer.next('session.started');
      const session = started.session as { id: string; audio: Record<string, unknown> };
      assert.equal(session.id, peer.callId);
      assert.equal(session.audio.format, undefined, 'a media session reports no wire format');
      // At twice real time: the session clock follows the microphone, whatever its pace.
      await peer.speak(silence(300), 2);
      await peer.speak(speech('hello there'), 2);
      await peer.speak(silence(1500), 2);
      const heard = await peer.next('session.input_transcript.delta');
      assert.ok(heard.end_ms as number > 300, 'the user lane is timed on the microphone clock');
      await peer.next('session.output_transcript.delta', undefined, 4000);
      assert.equal(peer.all('session.output_audio.delta').length, 0, 'no audio events: the model speaks on the track');
      // The track plays at real time while the clock ran at twice it, so the speech follows its
      // transcript: wait for it (up to 5 s).
      for (let waited = 0; waited < 5000 && rmsDbfs(peer.remoteAudio) <= -50; waited += 100) await new Promise((r) => setTimeout(r, 100));
      assert.ok(rmsDbfs(peer.remoteAudio) > -50, `the model's speech is on the remote track (${rmsDbfs(peer.remoteAudio).toFixed(1)} dBFS)`);
      peer.send({ type: 'session.input_audio.append', audio: '' });
      assert.match(String(((await peer.next('error')).error as { message: string }).message), /media track/);
      peer.send({ type: 'session.close' });
      assert.equal((await peer.next('session.closed')).reason, 'close_requested');
    } finally {
      await peer.close();
    }
  });
});

describe('data-channel allow-lists and the sideband', () => {
  it('limits what the frontend sends and sees; the sideband sees all, with the audio reflected, and may command', async () => {
    const peer = await TestPeer.dialLive(base, KEY, {
      model: 'gpt-live-1',
      client: {
        data_channel: {
          allowed_client_events: ['session.input_audio.mute'],
          allowed_server_events: [{ type: 'session.started' }, { type: 'info' }, { type: 'error' }],
        },
      },
    });
    const sideband = await attach(peer.callId);
    try {
      await peer.next('session.started');
      assert.equal((await peer.next('info')).code, 'data_channel_permissions');
      peer.send({ type: 'session.commentary.append', content: 'Hi', delegation_id: null });
      assert.equal(((await peer.next('error')).error as { code: string }).code, 'event_not_permitted');
      peer.send({ type: 'session.input_audio.mute' });
      await sideband.next('session.input_audio.muted');
      await peer.speak(silence(400));
      await sideband.next('session.input_audio.append');
      const out = await sideband.next('session.output_audio.delta');
      assert.equal(typeof out.start_ms, 'number', 'reflected output carries its timeline range');
      sideband.send({ type: 'session.start', session: { model: 'gpt-live-1' } });
      assert.match(String(((await sideband.next('error')).error as { message: string }).message), /sideband/);
      assert.deepEqual(
        [...new Set(peer.events.map((e) => e.type))].sort(),
        ['error', 'info', 'session.started'],
        'the frontend saw only its allowed server events',
      );
      const bad = await attach('sess_sim_none');
      assert.equal(((await bad.next('error')).error as { code: string }).code, 'session_not_found');
      bad.close();
      // The frontend leaves: the sideband hears the session close as a lost connection.
      await peer.close();
      assert.equal((await sideband.next('session.closed', undefined, 10_000)).reason, 'connection_lost');
    } finally {
      sideband.close();
      await peer.close();
    }
  });
});
