// `POST /token`: mints an ephemeral key (`ek_…`) upstream with the relay's key, for a browser
// that then posts its SDP offer to the API itself. Body (optional, JSON): `{"session": {…}}`,
// checked and completed by the policy (webrtc-session-config.ts). Answer: the API's own shape,
// `{"value": "ek_…", "expires_at": <unix s>, "session": {…}}`, held instructions removed.
// Upstream: `POST …/v1/realtime/client_secrets` with `{"expires_after": {"anchor":
// "created_at", "seconds": N}, "session": {…}}` (openai `ClientSecretCreateParams`).
//
// The key's holder may open sessions the relay never sees and change any field it does not
// hold in them; held fields are written into the key's session, but only /session (with the
// sideband) lets the relay watch and restore them. The ephemeral key itself is never logged.
import { readBody, sendJson, sendJsonError } from './http-io';
import { postUpstream } from './upstream-http';
import { upstreamHttpUrl } from './upstream-endpoints';
import type { Admitted } from './webrtc-routes';
import { parseJsonBody, upstreamSession, visibleSession } from './webrtc-session-config';
import { isRecord } from '../src/lib/shared/json';

export async function handleToken({ req, res, target, cors, context }: Admitted): Promise<void> {
  const { config, policy, log } = context;
  const read = await readBody(req, config.maxHttpBodyBytes);
  if (!read.ok) {
    sendJsonError(res, read.status, 'relay_bad_request', read.message, { ...cors, connection: 'close' });
    return;
  }
  const parsed = parseJsonBody(read.body, config.maxJsonDepth);
  if (!parsed.ok) {
    sendJsonError(res, 400, 'relay_bad_request', parsed.message, cors);
    return;
  }
  if (parsed.value !== undefined && !isRecord(parsed.value)) {
    sendJsonError(res, 400, 'relay_bad_request', 'the body must be a JSON object, e.g. {"session": {"type": "realtime"}}', cors);
    return;
  }
  const choice = upstreamSession(parsed.value?.session, target, config, policy);
  if (!choice.ok) {
    sendJsonError(res, choice.status, choice.code, choice.message, cors);
    return;
  }
  const result = await postUpstream(upstreamHttpUrl(config.upstreamUrl, 'client_secrets'), {
    apiKey: config.apiKey,
    body: JSON.stringify({ expires_after: { anchor: 'created_at', seconds: config.ephemeralKeySeconds }, session: choice.session }),
    contentType: 'application/json',
    accept: 'application/json',
    timeoutMs: config.upstreamConnectTimeoutMs,
  });
  if (!result.ok) {
    log(`relay /token for origin ${req.headers.origin ?? '(none)'}: HTTP ${result.status}, ${result.message}`);
    sendJsonError(res, result.status, result.code, result.message, cors);
    return;
  }
  let minted: unknown;
  try {
    minted = JSON.parse(result.answer.text);
  } catch {
    minted = undefined;
  }
  if (!isRecord(minted) || typeof minted.value !== 'string' || typeof minted.expires_at !== 'number') {
    log(`relay /token: the upstream answered HTTP ${result.answer.status} without a client secret`);
    sendJsonError(res, 502, 'relay_upstream_refused', 'the upstream answered without a client secret ({"value", "expires_at"})', cors);
    return;
  }
  // The key's own value is the one secret this route hands out; it must never carry the relay's key.
  if (minted.value.includes(config.apiKey) || result.answer.text.includes(config.apiKey)) {
    log('relay /token: the upstream echoed the API key; answer withheld');
    sendJsonError(res, 502, 'relay_upstream_refused', 'the upstream answer contained the API key and was withheld', cors);
    return;
  }
  log(`relay /token: minted a key for origin ${req.headers.origin ?? '(none)'}, model ${choice.model}, expires in ${Math.round(minted.expires_at - Date.now() / 1000)} s`);
  sendJson(res, 200, { value: minted.value, expires_at: minted.expires_at, session: visibleSession(minted.session, config) }, cors);
}
