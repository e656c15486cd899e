// The phone-line simulator's webhook step, as Twilio does it: POST the call's parameters to
// /twiml, signed with the account's auth token (Twilio's own helper computes the signature),
// and read the <Stream> URL and <Parameter>s from the TwiML answer.
import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export interface WebhookRequest {
  /** Where to POST (the relay's own address; in production Twilio POSTs to the public URL). */
  postUrl: string;
  /** The URL Twilio signs: what is configured on the number (`RELAY_PUBLIC_URL` + `/twiml`). */
  signedUrl: string;
  authToken: string;
  from?: string;
  to?: string;
  callSid?: string;
  /** `valid` (default), `none` (no header) or `bad` (signed with another token). */
  signature?: 'valid' | 'none' | 'bad';
}

export interface StreamInstructions {
  streamUrl: string;
  parameters: Record<string, string>;
  callSid: string;
  accountSid: string;
  from: string;
}

export class WebhookRefused extends Error {
  constructor(readonly status: number, body: string) {
    super(`the webhook answered HTTP ${status}: ${body.trim()}`);
    this.name = 'WebhookRefused';
  }
}

export const sid = (prefix: string): string => prefix + randomBytes(16).toString('hex');

const unescapeXml = (text: string): string =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/(\w+)="([^"]*)"/g)) found[match[1]] = unescapeXml(match[2]);
  return found;
}

export async function postWebhook(request: WebhookRequest): Promise<StreamInstructions> {
  const callSid = request.callSid ?? sid('CA');
  const accountSid = sid('AC');
  const from = request.from ?? '+15550100';
  const params: Record<string, string> = {
    AccountSid: accountSid, ApiVersion: '2010-04-01', CallSid: callSid, CallStatus: 'ringing', Direction: 'inbound',
    From: from, To: request.to ?? '+15550199', Caller: from, Called: request.to ?? '+15550199',
  };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const mode = request.signature ?? 'valid';
  if (mode !== 'none') headers['x-twilio-signature'] = getExpectedTwilioSignature(mode === 'bad' ? `${request.authToken}x` : request.authToken, request.signedUrl, params);
  const response = await fetch(request.postUrl, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  const body = await response.text();
  if (!response.ok) throw new WebhookRefused(response.status, body);
  const stream = /<Stream\b[^>]*>/.exec(body);
  if (!stream) throw new Error(`the TwiML has no <Stream>: ${body.slice(0, 200)}`);
  const parameters: Record<string, string> = {};
  for (const match of body.matchAll(/<Parameter\b[^>]*>/g)) {
    const { name, value } = attributes(match[0]);
    if (name !== undefined) parameters[name] = value ?? '';
  }
  return { streamUrl: attributes(stream[0]).url ?? '', parameters, callSid, accountSid, from };
}
