// GET /metrics: the counters follow real sessions (frames and bytes each way, denied and
// rewritten events, close codes, histograms); the endpoint sits behind the access token or only
// on the admin port; client-chosen label values stay bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TYPE_LABELS } from './metrics';
import { startRelay } from './server';
import { openBrowser, startTestUpstream } from './test-support';

const KEY = 'sk-metrics-test-0123456789abcdef';
const TOKEN = 'metrics-test-token-0123456789';

/** The value of one sample line (`name{labels} value`), or 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('metrics follow sessions: frames and bytes each way, denied and rewritten events, close codes, histograms', async () => {
  const upstream = await startTestUpstream();
  const relay = await startRelay({
    apiKey: KEY,
    port: 0,
    upstreamUrl: upstream.url,
    upstreamProbeIntervalMs: 0,
    accessToken: TOKEN,
    policy: { clientDeny: ['conversation.item.delete'], instructions: 'Held.' },
    log: () => undefined,
  });
  try {
    const unauthorised = await fetch(relay.metricsUrl);
    assert.equal(unauthorised.status, 401, 'behind the access token');
    const browser = await openBrowser(relay.url, { protocols: ['realtime', `relay-token.${TOKEN}`] });
    const append = JSON.stringify({ type: 'input_audio_buffer.append', audio: 'AAAA' });
    for (let i = 0; i < 5; i++) browser.send(append);
    browser.send({ type: 'conversation.item.delete', item_id: 'x' });
    browser.send({ type: 'session.update', session: { type: 'realtime' } });
    // Echoed: the held session.update, 5 appends, the rewritten session.update; plus the denial's error event.
    await browser.waitForFrames(8);
    browser.socket.close(1000);
    await browser.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));

    const response = await fetch(relay.metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.equal(sample(text, 'relay_sessions_started_total'), 1);
    assert.equal(sample(text, 'relay_sessions_open'), 0);
    assert.equal(sample(text, 'relay_sessions_closed_total{code="1000",closer="browser"}'), 1);
    // Upstream: the held session.update, 5 appends, the rewritten session.update.
    assert.equal(sample(text, 'relay_frames_total{direction="to_upstream"}'), 7);
    assert.equal(sample(text, 'relay_frames_total{direction="to_browser"}'), 8);
    assert.ok(sample(text, 'relay_bytes_total{direction="to_upstream"}') >= 5 * append.length);
    assert.equal(sample(text, 'relay_policy_events_total{action="denied",side="client",type="conversation.item.delete"}'), 1);
    assert.equal(sample(text, 'relay_policy_events_total{action="rewritten",side="client",type="session.update"}'), 1);
    assert.equal(sample(text, 'relay_upstream_connect_seconds_count'), 1);
    assert.equal(sample(text, 'relay_session_duration_seconds_count'), 1);
    assert.equal(sample(text, 'relay_ready'), 1);
    assert.ok(sample(text, 'process_cpu_seconds_total') > 0, 'process metrics too');
    assert.equal(sample(text, 'relay_http_requests_total{method="GET",route="/metrics",status="401"}'), 1, 'routed requests are counted by route and status');
    assert.ok(!text.includes(KEY) && !text.includes(TOKEN));
  } finally {
    await relay.close();
    await upstream.close();
  }
});

test('with metricsPort, /metrics is only on the loopback admin port; invented event types share one label value past the bound', async () => {
  const upstream = await startTestUpstream();
  const relay = await startRelay({
    apiKey: KEY,
    port: 0,
    upstreamUrl: upstream.url,
    upstreamProbeIntervalMs: 0,
    metricsPort: 0,
    policy: { clientAllow: ['input_audio_buffer.append'] },
    log: () => undefined,
  });
  try {
    assert.match(relay.metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.notEqual(new URL(relay.metricsUrl).port, String(relay.port));
    assert.equal((await fetch(`http://127.0.0.1:${relay.port}/metrics`)).status, 426, 'not on the relay port');
    const browser = await openBrowser(relay.url);
    const invented = MAX_TYPE_LABELS + 50;
    for (let i = 0; i < invented; i++) browser.send({ type: `made.up_${i}` });
    await browser.waitForFrames(invented);
    const text = await (await fetch(relay.metricsUrl)).text();
    const denied = text.split('\n').filter((line) => line.startsWith('relay_policy_events_total{action="denied"'));
    assert.equal(denied.length, MAX_TYPE_LABELS + 1);
    assert.equal(sample(text, 'relay_policy_events_total{action="denied",side="client",type="other"}'), 50);
    assert.equal((await fetch(relay.metricsUrl.replace('/metrics', '/other'))).status, 404);
    browser.socket.close();
  } finally {
    await relay.close();
    await upstream.close();
  }
});
