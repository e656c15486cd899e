// The demo's phone line: the relay answers calls with a throwaway Twilio auth token, and the demo
// can place a simulated call on it (the phone-line simulator saying a weather question), so the
// console's Phone view has something to show with no Twilio account.
import { randomBytes } from 'node:crypto';
import type { PhoneOptions } from '../../relay-server/phone/config';
import { PhoneLine, waitForAnswer } from '../phone/phone-line';
import { speakMuLaw } from '../phone/speech';
import { postWebhook } from '../phone/webhook-client';

/** What the demo's caller says; the simulator is scripted to hear it (it does not recognise speech). */
export const DEMO_CALL_QUESTION = 'What is the weather in Paris?';
/** A demo call hangs up after this long whatever happens. */
const DEMO_CALL_MS = 30_000;

export function demoPhoneToken(): string {
  return `demo-twilio-${randomBytes(12).toString('hex')}`;
}

/** The relay's phone settings in the demo: its own address is the public URL (no tunnel). */
export function demoPhoneOptions(relayHttpUrl: string, token: string, simulatorUrl: string, weatherBaseUrl: string | undefined): PhoneOptions {
  const scripted = new URL(simulatorUrl);
  scripted.searchParams.set('sim_script', DEMO_CALL_QUESTION);
  return { twilioAuthToken: token, publicUrl: relayHttpUrl, upstreamUrl: scripted.toString(), ...(weatherBaseUrl ? { weatherBaseUrl } : {}) };
}

/** Places one simulated call: says the question, listens, hangs up; resolves when it has ended. */
export async function placeDemoCall(relayHttpUrl: string, token: string, log: (line: string) => void): Promise<void> {
  const speech = speakMuLaw(DEMO_CALL_QUESTION);
  const call = await postWebhook({ postUrl: `${relayHttpUrl}/twiml`, signedUrl: `${relayHttpUrl}/twiml`, authToken: token, from: '+15550100' });
  const line = await PhoneLine.dial(call);
  log(`demo: simulated call ${call.callSid} placed; the caller asks "${DEMO_CALL_QUESTION}" (open "Phone calls" in the console to watch it)`);
  line.say(speech);
  const timer = setTimeout(() => line.hangUp(), DEMO_CALL_MS);
  await waitForAnswer(line);
  line.hangUp();
  const closed = await line.closed;
  clearTimeout(timer);
  log(`demo: simulated call ended (${closed.code}); the caller heard ${(line.heardAudioMs / 1000).toFixed(1)} s of answers`);
}
