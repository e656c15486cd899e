import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isModelPrice, modelPrice, PRICES, withEdits, type ModelPrice } from './prices';
import { formatDollars, responseCost, tokensOf, UsageTracker, usageReport } from './usage';
import { server, session, spokenAnswer, usage } from './test-support/sequences';

const near = (actual: number | null, expected: number) => {
  assert.ok(actual !== null, 'priced');
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≈ ${expected}`);
};

describe('usage and cost', () => {
  it('every shipped price row has a source URL, and the issue\'s gpt-realtime-2 figures', () => {
    for (const row of [...PRICES.models, ...PRICES.transcription]) assert.match(row.source, /^https:\/\/developers\.openai\.com\//, row.model);
    for (const row of PRICES.models) assert.ok(isModelPrice(row), row.model);
    const price = modelPrice(PRICES, 'gpt-realtime-2');
    assert.deepEqual([price?.text.input, price?.text.cached, price?.text.output], [4, 0.4, 24]);
    assert.deepEqual([price?.audio.input, price?.audio.cached, price?.audio.output], [32, 0.4, 64]);
    assert.match(PRICES.checked, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('prices each kind, with cached tokens a subset of their kind at the cached price', () => {
    // gpt-realtime-2: 1000 text in of which 400 cached, 2000 audio in of which 500 cached, 50 image, 100 text out, 300 audio out.
    const tokens = tokensOf(usage({ text: 1000, cachedText: 400, audio: 2000, cachedAudio: 500, image: 50, cachedImage: 10, textOut: 100, audioOut: 300 }));
    assert.deepEqual(tokens, { textIn: 1000, audioIn: 2000, imageIn: 50, textCached: 400, audioCached: 500, imageCached: 10, textOut: 100, audioOut: 300 });
    const expected = (600 * 4 + 400 * 0.4 + 1500 * 32 + 500 * 0.4 + 40 * 5 + 10 * 0.5 + 100 * 24 + 300 * 64) / 1e6;
    near(responseCost(tokens, 'gpt-realtime-2', PRICES).dollars, expected);
    assert.equal(formatDollars(expected), '$0.0726'); // 72,565 millionths
  });

  it('a cached count larger than its kind is capped (never a negative uncached count)', () => {
    const tokens = tokensOf({ input_token_details: { text_tokens: 10, cached_tokens_details: { text_tokens: 99 } } });
    assert.equal(tokens.textCached, 10);
    near(responseCost(tokens, 'gpt-realtime-2', PRICES).dollars, (10 * 0.4) / 1e6);
  });

  it('a model with no row says so instead of guessing; a row without cached price charges cached as input', () => {
    const tokens = tokensOf(usage({ text: 100, cachedText: 100 }));
    assert.deepEqual(responseCost(tokens, 'gpt-realtime-2-2027-01-01', PRICES), { dollars: null, unpriced: 'unknown model "gpt-realtime-2-2027-01-01"' });
    assert.deepEqual(responseCost(tokens, undefined, PRICES), { dollars: null, unpriced: 'model not reported' });
    near(responseCost(tokens, 'gpt-audio-1.5', PRICES).dollars, (100 * 2.5) / 1e6);
    assert.equal(responseCost(tokensOf(usage({ image: 5 })), 'gpt-audio-1.5', PRICES).unpriced, 'no image price for "gpt-audio-1.5"');
  });

  it('follows a session: model from session.created/updated, usage per response.done, transcriptions, rate limits', () => {
    const tracker = new UsageTracker();
    const records = [
      session(0, 'gpt-realtime-2.1-mini', 'gpt-realtime-whisper'),
      ...spokenAnswer('r1', { created: 10, text: 20, audio: 30, done: 40 }, 'completed', usage({ text: 200, audio: 100, textOut: 20, audioOut: 80 })),
      server(41, { type: 'rate_limits.updated', rate_limits: [{ name: 'tokens', limit: 1000, remaining: 600, reset_seconds: 2.5 }, { name: 'requests', limit: 10, remaining: 9, reset_seconds: 1 }, 'junk'] }),
      server(50, { type: 'conversation.item.input_audio_transcription.completed', item_id: 'u1', content_index: 0, transcript: 'hi', usage: { type: 'duration', seconds: 30 } }),
      server(60, { type: 'session.updated', session: { type: 'realtime', model: 'gpt-realtime-2', audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } } }),
      ...spokenAnswer('r2', { created: 70, text: 80, audio: 90, done: 100 }, 'cancelled', usage({ text: 300, cachedText: 200, textOut: 5 })),
      ...spokenAnswer('r2', { created: 70, text: 80, audio: 90, done: 100 }, 'cancelled', usage({ text: 300, cachedText: 200, textOut: 5 })),
      server(110, { type: 'conversation.item.input_audio_transcription.completed', item_id: 'u2', usage: { type: 'tokens', input_tokens: 40, output_tokens: 10, total_tokens: 50, input_token_details: { audio_tokens: 30, text_tokens: 10 } } }),
      ...spokenAnswer('r3', { created: 120, text: 130, audio: 140, done: 150 }),
    ];
    for (const record of records) tracker.push(record);
    assert.equal(tracker.model, 'gpt-realtime-2');
    assert.equal(tracker.expiresAt, 1_900_000_000);
    assert.deepEqual(tracker.responses.map((r) => [r.responseId, r.model, r.status]), [['r1', 'gpt-realtime-2.1-mini', 'completed'], ['r2', 'gpt-realtime-2', 'cancelled']], 'a repeated response.done counts once; one without usage not at all');
    assert.deepEqual(tracker.rateLimits, [{ name: 'tokens', limit: 1000, remaining: 600, resetSeconds: 2.5 }, { name: 'requests', limit: 10, remaining: 9, resetSeconds: 1 }]);

    const report = usageReport(tracker, PRICES);
    near(report.responses[0].cost.dollars, (200 * 0.6 + 100 * 10 + 20 * 2.4 + 80 * 20) / 1e6);
    near(report.responses[1].cost.dollars, (100 * 4 + 200 * 0.4 + 5 * 24) / 1e6);
    near(report.transcriptions[0].cost.dollars, 0.5 * 0.017);
    near(report.transcriptions[1].cost.dollars, (30 * 1.25 + 10 * 1.25 + 10 * 5) / 1e6);
    assert.equal(report.tokens.textIn, 500);
    assert.equal(report.tokens.textCached, 200);
    near(report.dollars, [...report.responses, ...report.transcriptions].reduce((sum, entry) => sum + (entry.cost.dollars ?? 0), 0));
    assert.deepEqual(report.unpriced, []);
  });

  it('an unknown model leaves its responses unpriced and the report says which', () => {
    const tracker = new UsageTracker();
    tracker.push(session(0, 'gpt-future'));
    for (const record of spokenAnswer('r1', { created: 1, text: 2, audio: 3, done: 4 }, 'completed', usage({ text: 10 }))) tracker.push(record);
    const report = usageReport(tracker, PRICES);
    assert.equal(report.dollars, 0);
    assert.deepEqual(report.unpriced, ['unknown model "gpt-future"']);
  });

  it('edited rows replace shipped ones or add a model; stored junk is refused', () => {
    const edited: ModelPrice = { ...modelPrice(PRICES, 'gpt-realtime-2')!, text: { input: 1, cached: 0.1, output: 2 }, source: 'edited in this browser' };
    const added: ModelPrice = { ...edited, model: 'gpt-future', aliases: undefined };
    const table = withEdits(PRICES, [edited, added]);
    assert.equal(modelPrice(table, 'gpt-realtime-2')?.text.input, 1);
    assert.equal(modelPrice(table, 'gpt-future')?.text.output, 2);
    assert.equal(modelPrice(PRICES, 'gpt-realtime-2')?.text.input, 4, 'the shipped table is untouched');
    assert.equal(isModelPrice({ ...edited, text: { input: -1, cached: 0, output: 1 } }), false);
    assert.equal(isModelPrice({ model: 'x' }), false);
    assert.equal(isModelPrice(null), false);
  });
});
