// The phone line's routes on the relay: `POST /twiml` (Twilio's webhook), `WS /call` (Media
// Streams) and `WS /logs` (consoles watching calls). /twiml and /call exist only when the phone
// settings are complete (config.ts); /logs always answers, behind the relay's origin/token
// rules, so a console can show what is missing.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkAccess, selectProtocol } from '../access';
import type { Policy } from '../policy';
import type { RelayContext, RelayFeature, UpgradeRoute } from '../routes';
import { PhoneCall } from './call';
import { resolvePhoneConfig, streamUrl, webhookUrl } from './config';
import { LogsClient, type PhoneStatusMessage } from './logs-socket';
import { StreamTokens } from './stream-tokens';
import { handleWebhook } from './webhook';

/** Largest frame Twilio or a console sends (a 20 ms media frame is ~300 bytes). */
const MAX_FRAME_BYTES = 256 * 1024;
/** How long the public URL's answer (or silence) is believed. */
const PUBLIC_CHECK_TTL_MS = 30_000;
const PUBLIC_CHECK_TIMEOUT_MS = 3_000;

/** The phone line as a relay feature (routes.ts); `policy` is the relay's, applied to calls too. */
export function phoneFeature(context: RelayContext, policy: Policy): RelayFeature {
  const { config: relay, log } = context;
  const phone = resolvePhoneConfig(relay.phone);
  const publicUrl = relay.phone.publicUrl ?? null;
  const tokens = phone ? new StreamTokens(phone.streamTokenTtlMs, phone.maxPendingTokens) : null;
  const calls = new Map<string, PhoneCall>();
  const streams = new Set<PhoneCall>();
  const consoles = new Set<LogsClient>();
  let nextCall = 1;
  let publicCheck: { at: number; answers: boolean | null } = { at: 0, answers: null };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false, handleProtocols: (p) => selectProtocol(p) });
  const ticker = setInterval(() => {
    if (calls.size > 0) for (const client of consoles) client.sendCalls();
  }, 1000);
  ticker.unref();

  const listChanged = () => {
    for (const client of consoles) client.sendCalls();
  };

  async function publicUrlAnswers(): Promise<boolean | null> {
    if (!publicUrl) return null;
    if (Date.now() - publicCheck.at < PUBLIC_CHECK_TTL_MS) return publicCheck.answers;
    let answers = false;
    try {
      const response = await fetch(`${publicUrl.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(PUBLIC_CHECK_TIMEOUT_MS) });
      answers = response.ok;
    } catch {
      answers = false;
    }
    publicCheck = { at: Date.now(), answers };
    return answers;
  }

  async function status(): Promise<PhoneStatusMessage> {
    return {
      type: 'phone.status',
      enabled: phone !== null,
      authTokenSet: Boolean(relay.phone.twilioAuthToken),
      publicUrl,
      webhookUrl: phone ? webhookUrl(phone) : null,
      streamUrl: phone ? streamUrl(phone) : null,
      publicUrlAnswers: await publicUrlAnswers(),
    };
  }

  function admit(): string | null {
    if (!phone) return 'the phone line is off';
    if (calls.size >= phone.maxCalls) return `relay: ${phone.maxCalls} calls are live, the most allowed (PHONE_MAX_CALLS)`;
    if (context.draining()) return 'relay: draining';
    if (calls.size + context.activeSessions() >= relay.maxSessions) return `relay: ${relay.maxSessions} sessions are open, the most allowed`;
    return null;
  }

  function openCall(socket: WebSocket): void {
    if (!phone || !tokens) return;
    const call = new PhoneCall({
      id: `call-${nextCall++}`,
      twilio: socket,
      relay,
      phone,
      tokens,
      policy,
      log,
      admit,
      onLive: (live) => {
        calls.set(live.facts.id, live);
        listChanged();
      },
      onEnd: (ended) => {
        streams.delete(ended);
        if (calls.delete(ended.facts.id)) listChanged();
        context.sessionEnded();
      },
    });
    streams.add(call);
  }

  const logsRoute: UpgradeRoute = {
    path: '/logs',
    handle(req, socket, head, target) {
      const access = checkAccess(req, target, relay);
      if (!access.ok) {
        log(`relay refused a /logs connection: HTTP ${access.status}, ${access.reason}`);
        return refuse(socket, access.status, `relay: ${access.reason}`);
      }
      if (consoles.size >= (phone?.maxLogClients ?? 20)) return refuse(socket, 503, 'relay: too many consoles on /logs');
      wss.handleUpgrade(req, socket, head, (ws) => {
        consoles.add(new LogsClient(ws, { status, calls: () => [...calls.values()], call: (id) => calls.get(id), onClose: (c) => consoles.delete(c), maxBufferedBytes: relay.maxBufferedBytes }));
      });
    },
  };
  // Twilio sends no Origin and no token on /call: the stream token in `start` is the check (call.ts).
  const callRoute: UpgradeRoute = { path: '/call', handle: (req, socket, head) => wss.handleUpgrade(req, socket, head, openCall) };

  return {
    routes: phone && tokens ? [{
      method: 'POST',
      path: '/twiml',
      async handle(req, res, target) {
        const outcome = await handleWebhook(req, res, target, phone, tokens);
        if (outcome.status === 200) log(`relay phone webhook: call ${outcome.callSid || '(no sid)'} from ${outcome.from || '(unknown)'}: stream token issued`);
        else log(`relay phone webhook refused: HTTP ${outcome.status}, ${outcome.reason}`);
      },
    }] : [],
    upgrades: phone ? [callRoute, logsRoute] : [logsRoute],
    sessions: () => streams,
    close() {
      clearInterval(ticker);
      for (const call of [...streams]) call.shutdown();
      for (const client of consoles) client.close(1001, 'relay: shutting down');
    },
  };
}

/** An upgrade refused with a plain HTTP answer; the socket closes once it is written. */
function refuse(socket: Duplex, status: number, body: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
