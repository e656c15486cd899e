// `npm run fixture:live`: records a GPT-Live session the way the console's event log exports it,
// for the tests that open a Live recording offline (src/components/live/test-support/). The
// simulator's Live mode and the LiveClient on loopback, in real time: client delegation with a
// decisions trigger on the user's transcript, a spoken weather question, the delegation
// answered with thinking then commentary, a decision item, then session.close. G.711 μ-law keeps
// the file small. Every event, both ways, must be strictly valid against the Live schema, or
// nothing is written.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LiveClient } from '../src/lib/live/live-client';
import { validateLiveClientEvent, validateLiveServerEvent } from '../src/lib/protocol/live-validate';
import { createLiveEventLog } from '../src/components/event-log/liveEventLog';
import { exportSession } from '../src/components/inspector/exportSession';
import { speech, startLiveSimulator } from '../simulator/live/test-support';
import { FIXTURE_COMMENTARY, FIXTURE_THINKING, LIVE_FIXTURE_NAME } from '../src/components/live/test-support/liveFixture';

const LIVE_FIXTURE_PATH = resolve(__dirname, '../src/components/live/test-support', LIVE_FIXTURE_NAME);
const QUESTION = "What's the weather in Paris";

async function record(): Promise<string> {
  const live = await startLiveSimulator({ script: [QUESTION] });
  const log = createLiveEventLog({ loadValidator: null });
  const problems: string[] = [];
  const client = new LiveClient({
    url: live.url,
    apiKey: 'sk-fixture',
    session: {
      model: 'gpt-live-1',
      audio: { format: { type: 'audio/pcmu', rate: 8000 } },
      delegation: { type: 'client' },
      triggers: [{ type: 'decisions', event_type: 'session.input_transcript.delta', decisions: { questions: [{ type: 'predicate', name: 'asks_weather', instructions: 'Does the user ask about the weather?' }] } }],
    },
  });
  client.on('live.event', (wire) => {
    log.append(wire);
    const check = wire.source === 'client' ? validateLiveClientEvent(wire.event) : validateLiveServerEvent(wire.event, { strict: true });
    if (!check.valid) problems.push(`${wire.source} ${wire.event.type}: ${check.errors.join('; ')}`);
  });
  log.startConnection('GPT-Live over WebSocket');
  await client.connect();
  let answered = false;
  client.on('delegation', (d) => {
    if (d.state !== 'acknowledged' || answered) return;
    answered = true;
    client.appendThinking(FIXTURE_THINKING, d.id);
    client.appendCommentary(FIXTURE_COMMENTARY, d.id);
    client.send({ type: 'decision.item.create', item: { type: 'message', role: 'user', content: 'The user is in Paris.' } });
  });
  client.appendInputAudio(speech(QUESTION));
  client.startAudio();
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the commentary was never spoken')), 30_000);
    client.on('transcript', (turn) => {
      if (turn.lane === 'assistant' && turn.text.includes('sunny in Paris.')) {
        clearTimeout(timer);
        // A second of what follows, then close.
        setTimeout(done, 1000);
      }
    });
  });
  await client.close();
  await live.simulator.close();
  if (problems.length) throw new Error(`events not valid against the Live schema:\n${problems.join('\n')}`);
  return new TextDecoder().decode(exportSession(log, { audio: false, protocol: 'live' }).bytes);
}

if (require.main === module) {
  record().then(
    (jsonl) => {
      writeFileSync(LIVE_FIXTURE_PATH, jsonl);
      console.log(`wrote ${LIVE_FIXTURE_PATH}: ${jsonl.split('\n').length - 1} lines, ${(jsonl.length / 1024).toFixed(0)} kB`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
