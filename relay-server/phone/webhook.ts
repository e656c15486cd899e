// `POST /twiml`: the webhook Twilio calls when the number rings. A request whose
// `X-Twilio-Signature` does not verify gets 403 and nothing else; a signed one gets TwiML that
// connects the call to `/call` with a one-time stream token as a <Parameter>.
//
// Twilio's own helper library checks the signature and builds the TwiML: it knows the cases a
// hand-written check misses (the URL signed with and without its default port, the newer
// SharedKey/HMAC-SHA256 settings header) and escapes XML. Deep imports keep the relay from
// loading the REST client (and axios) it never uses: ~4 ms + ~14 ms instead of ~100 ms.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateRequest, getSignatureAlgorithm } from 'twilio/lib/webhooks/webhooks';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { PhoneConfig } from './config';
import { streamUrl, webhookUrl } from './config';
import type { StreamTokens } from './stream-tokens';

/** The <Parameter> name that carries the stream token. */
export const STREAM_TOKEN_PARAMETER = 'relay_stream_token';

export type WebhookOutcome =
  | { status: 200; callSid: string; from: string }
  | { status: 400 | 403 | 405 | 413 | 503; reason: string };

/** Answers one webhook request; resolves with what happened, for the log line. */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, target: URL, config: PhoneConfig, tokens: StreamTokens): Promise<WebhookOutcome> {
  if (req.method !== 'POST') return refuse(res, 405, 'the webhook takes POST', { allow: 'POST' });
  const body = await readBody(req, config.maxWebhookBodyBytes);
  if (body === null) return refuse(res, 413, `the body is over ${config.maxWebhookBodyBytes} bytes`);
  const signature = req.headers['x-twilio-signature'];
  if (typeof signature !== 'string' || signature === '') return refuse(res, 403, 'no X-Twilio-Signature');
  const params = formParams(body);
  const settings = req.headers['x-twilio-webhooks-signature-settings'];
  const algorithm = getSignatureAlgorithm(typeof settings === 'string' ? settings : null);
  // Twilio signs the URL it was told to call: the public one, never the Host it connected to.
  const signedUrl = webhookUrl(config) + target.search;
  if (!validateRequest(config.twilioAuthToken, signature, signedUrl, params, algorithm)) return refuse(res, 403, 'the signature does not verify');
  const callSid = params.CallSid ?? '';
  const from = params.From ?? '';
  const token = tokens.issue({ callSid, from });
  if (token === null) return refuse(res, 503, 'too many calls waiting to connect');
  const twiml = new VoiceResponse();
  twiml.connect().stream({ url: streamUrl(config) }).parameter({ name: STREAM_TOKEN_PARAMETER, value: token });
  const xml = twiml.toString();
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'cache-control': 'no-store' });
  res.end(xml);
  return { status: 200, callSid, from };
}

/** `application/x-www-form-urlencoded` into a plain record; a repeated name keeps its last value. */
function formParams(body: string): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(body)) params[name] = value;
  return params;
}

/** The body as text, or null once it passes `limit` bytes (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function refuse(res: ServerResponse, status: 400 | 403 | 405 | 413 | 503, reason: string, headers: Record<string, string> = {}): WebhookOutcome {
  const body = `relay: ${reason}\n`;
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), connection: 'close', ...headers });
  res.end(body);
  return { status, reason };
}
