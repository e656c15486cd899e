import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoSummary } from './echoProtection';

const base = { halfDuplex: false, echoCancellerWanted: true, speakerRoute: null, speakerRouteProblem: null } as const;

test('says which protection is active for the connection', () => {
  assert.equal(echoSummary({ ...base, speakerRoute: 'loopback' }, true).text, 'Echo: echo cancellation on (playback through WebRTC)');
  assert.equal(echoSummary({ ...base, speakerRoute: 'loopback', halfDuplex: true }, true).text, 'Echo: echo cancellation on (playback through WebRTC); half duplex (microphone off while the model speaks)');
  assert.equal(echoSummary(base, false).text, 'Echo: echo cancellation once connected');
  assert.equal(echoSummary({ ...base, speakerRoute: 'media', echoCancellerWanted: false }, true).short, 'Echo: cancelled (WebRTC call)');
});

test('a loopback that failed is named with its reason, and VAD without protection is a warning', () => {
  const failed = echoSummary({ ...base, speakerRoute: 'direct', speakerRouteProblem: 'loopback ICE failed' }, true);
  assert.equal(failed.unprotected, true);
  assert.match(failed.text, /^Echo: no echo protection; echo cancellation unavailable \(loopback ICE failed\)\. On speakers the model may hear itself/);
  assert.equal(echoSummary({ ...base, speakerRoute: 'direct', speakerRouteProblem: 'x' }, false).unprotected, false, 'push-to-talk: the microphone is off while the model speaks anyway');
  assert.equal(echoSummary({ ...base, speakerRoute: 'direct', speakerRouteProblem: 'x', halfDuplex: true }, true).unprotected, false);
});

test('a change of the echo canceller applies from the next connection, and says so', () => {
  assert.equal(echoSummary({ ...base, speakerRoute: 'direct', echoCancellerWanted: true }, false).text, 'Echo: no echo protection; echo cancellation from the next connection');
  const off = echoSummary({ ...base, speakerRoute: 'loopback', echoCancellerWanted: false }, true);
  assert.equal(off.text, 'Echo: echo cancellation on (playback through WebRTC); echo cancellation off from the next connection');
});

test('the folded line is a few words', () => {
  assert.equal(echoSummary({ ...base, speakerRoute: 'loopback', halfDuplex: true }, true).short, 'Echo: cancelled (WebRTC playback) + half duplex');
  assert.equal(echoSummary({ ...base, speakerRoute: 'connecting' }, true).short, 'Echo: cancellation starting');
  assert.equal(echoSummary({ ...base, speakerRoute: 'direct', speakerRouteProblem: 'x', halfDuplex: true }, true).short, 'Echo: half duplex');
  assert.equal(echoSummary({ ...base, speakerRoute: 'direct', echoCancellerWanted: false }, true).short, 'Echo: no protection');
});
