// `npx tsx simulator/bench.ts`: prints the simulator's speed figures (speech synthesis against
// real time; a full spoken response over a loopback socket at a high speed factor).
import { performance } from 'node:perf_hooks';
import { synthesizeSpeech } from './speech-synth';
import { startSimulator } from './server';
import { openSession } from './test-support';

const SENTENCE = 'The weather service reports a temperature of eighteen degrees with a light wind from the west.';
const REPEATS = 20;
const BENCH_SPEED = 1000;

async function main(): Promise<void> {
  synthesizeSpeech(SENTENCE); // warm up the JIT
  let audioSeconds = 0;
  const started = performance.now();
  for (let i = 0; i < REPEATS; i++) audioSeconds += synthesizeSpeech(`${SENTENCE} ${i}`).samples.length / 24000;
  const synthMs = performance.now() - started;
  console.log(`speech synthesis: ${audioSeconds.toFixed(1)} s of audio in ${synthMs.toFixed(0)} ms (${((audioSeconds * 1000) / synthMs).toFixed(0)}x real time)`);

  const sim = await startSimulator({ speed: BENCH_SPEED });
  const { client } = await openSession(sim.url);
  const rounds = 10;
  let events = 0;
  let firstDeltaMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `${SENTENCE} ${i}` }] } });
    const sentAt = performance.now();
    client.send({ type: 'response.create' });
    await client.next('response.output_audio.delta');
    firstDeltaMs += performance.now() - sentAt;
    await client.next('response.done');
  }
  const totalMs = performance.now() - t0;
  events = client.events.length;
  console.log(`spoken responses at speed ${BENCH_SPEED}: ${rounds} in ${totalMs.toFixed(0)} ms, ${((events * 1000) / totalMs).toFixed(0)} events/s, first audio delta after ${(firstDeltaMs / rounds).toFixed(1)} ms on average`);
  client.close();
  await sim.close();
}

void main();
