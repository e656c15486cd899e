// `npm run phone -- [options]`: places a simulated phone call on the relay as Twilio would
// (signed webhook, Media Streams socket, µ-law at real time), says each --say text (espeak-ng)
// or a --wav file, waits for each answer, hangs up and writes what the caller heard to a WAV.
//   --relay URL        where the relay listens (default RELAY_PUBLIC_URL, else http://127.0.0.1:8081)
//   --public-url URL   the URL Twilio signs (default RELAY_PUBLIC_URL, else --relay)
//   --token TOKEN      the Twilio auth token (default TWILIO_AUTH_TOKEN)
//   --say TEXT         something to say (repeatable); --wav FILE  a recording to say instead
//   --dtmf DIGITS      keys pressed after the last answer
//   --record FILE      the WAV of what the caller heard (default phone-call.wav)
//   --max-seconds N    hang up after this long whatever happens (default 60)
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { PhoneLine, waitForAnswer } from './phone/phone-line';
import { fileToMuLaw, speakMuLaw, writeMuLawWav } from './phone/speech';
import { postWebhook } from './phone/webhook-client';
import { errorMessage } from '../src/lib/shared/error-message';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      relay: { type: 'string' }, 'public-url': { type: 'string' }, token: { type: 'string' }, say: { type: 'string', multiple: true },
      wav: { type: 'string' }, dtmf: { type: 'string' }, record: { type: 'string' }, 'max-seconds': { type: 'string' }, from: { type: 'string' },
    },
  });
  const relay = (values.relay ?? process.env.RELAY_PUBLIC_URL ?? 'http://127.0.0.1:8081').replace(/\/+$/, '');
  const publicUrl = (values['public-url'] ?? process.env.RELAY_PUBLIC_URL ?? relay).replace(/\/+$/, '');
  const token = values.token ?? process.env.TWILIO_AUTH_TOKEN;
  if (!token) throw new Error('set TWILIO_AUTH_TOKEN or pass --token (the relay checks the webhook signature with it)');
  const utterances = values.wav ? [fileToMuLaw(values.wav)] : (values.say ?? ['What is the weather in Paris?']).map(speakMuLaw);
  const record = values.record ?? 'phone-call.wav';
  const maxSeconds = Number(values['max-seconds'] ?? 60);

  const call = await postWebhook({ postUrl: `${relay}/twiml`, signedUrl: `${publicUrl}/twiml`, authToken: token, from: values.from });
  console.log(`phone: webhook answered; streaming to ${call.streamUrl} (call ${call.callSid})`);
  // The TwiML names the public URL; dial the relay directly when they differ (no tunnel needed locally).
  const line = await PhoneLine.dial(call, { url: `${relay.replace(/^http/, 'ws')}/call` });
  const giveUp = setTimeout(() => line.hangUp(), maxSeconds * 1000);
  line.closed.then(({ code, reason }) => console.log(`phone: the stream closed: ${code} ${reason}`), () => undefined);
  for (const speech of utterances) {
    line.say(speech);
    console.log(`phone: saying ${(speech.length / 8000).toFixed(1)} s of speech`);
    await waitForAnswer(line);
    console.log(`phone: heard ${(line.heardAudioMs / 1000).toFixed(1)} s of answers so far`);
  }
  for (const digit of values.dtmf ?? '') line.sendDtmf(digit);
  clearTimeout(giveUp);
  line.hangUp();
  await line.closed;
  writeMuLawWav(record, Uint8Array.from(line.heard));
  const kinds = new Map<string, number>();
  for (const { message } of line.events.received) kinds.set(String(message.event), (kinds.get(String(message.event)) ?? 0) + 1);
  console.log(`phone: received ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; marks echoed ${line.events.marksEchoed}; clears ${line.events.clears.length}`);
  console.log(`phone: what the caller heard is in ${record}`);
}

main().catch((error: unknown) => {
  console.error(`phone: ${errorMessage(error)}`);
  process.exit(1);
});
