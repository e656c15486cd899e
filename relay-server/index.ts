// `npm run relay`: starts the relay with settings from .env (see .env.example).
import 'dotenv/config';
import { isLoopbackHost } from './addresses';
import { ConfigError, DEFAULT_POLICY, HELD_FIELDS, configFromEnv, holdsSessionFields, type RelayConfig, type RelayOptions } from './config';
import { phoneOptionsFromEnv, resolvePhoneConfig, webhookUrl } from './phone/config';
import { startRelay, type RunningRelay } from './server';
import { errorMessage } from '../src/lib/shared/error-message';

/** Below this an access token is easy to guess; the relay warns at start-up. */
const MIN_TOKEN_LENGTH = 16;

function timestamped(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

function describe(config: RelayConfig): string {
  const upstream = new URL(config.upstreamUrl);
  const policy = config.policy;
  const rules = [
    policy.clientAllow.length ? `client allow ${policy.clientAllow.length}` : '',
    policy.clientDeny.length ? `client deny ${policy.clientDeny.length}` : '',
    policy.serverAllow.length ? `server allow ${policy.serverAllow.length}` : '',
    policy.serverDeny.length ? `server deny ${policy.serverDeny.length}` : '',
    holdsSessionFields(policy) ? `held ${HELD_FIELDS.filter((field) => policy[field] !== null).join(', ')}` : '',
    policy.allowedToolTypes !== null ? `tool types ${policy.allowedToolTypes.join(', ') || 'none'}` : '',
  ].filter(Boolean);
  return [
    `upstream ${upstream.protocol}//${upstream.host}${upstream.pathname}`,
    `model ${config.defaultModel}${config.allowedModels.length ? ` (+${config.allowedModels.join(', ')})` : ''}`,
    `origins ${config.allowedOrigins.join(', ')}${config.allowMissingOrigin ? ' (and none)' : ''}`,
    `access token ${config.accessToken ? 'required' : 'off'}`,
    `policy ${rules.length ? rules.join(', ') : 'pass-through'}`,
    `WebRTC POST /token (keys live ${config.ephemeralKeySeconds} s) and /session (sideband ${config.sideband ? 'on' : 'off'})`,
    describePhone(config),
  ].join('; ');
}

/** The phone line's state, naming what is missing when it is off. */
function describePhone(config: RelayConfig): string {
  const phone = resolvePhoneConfig(config.phone);
  if (phone) return `phone line on: Twilio webhook ${webhookUrl(phone)} (POST), calls watched on /logs`;
  const missing = [config.phone.twilioAuthToken ? '' : 'TWILIO_AUTH_TOKEN', config.phone.publicUrl ? '' : 'RELAY_PUBLIC_URL'].filter(Boolean);
  return `phone line off (set ${missing.join(' and ')})`;
}

/** Held session fields go upstream in every session: a value the API would refuse stops start-up. */
async function checkHeldFields(options: RelayOptions): Promise<void> {
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  if (!holdsSessionFields(policy)) return;
  // Loaded only then: it brings in the schema validator.
  const errors = (await import('./policy-check')).heldSessionErrors(policy);
  if (errors.length) throw new ConfigError(`the policy's held session fields would be refused by the API: ${errors.join('; ')}`);
}

async function main(): Promise<void> {
  let relay: RunningRelay;
  try {
    const options = { ...configFromEnv(process.env), phone: phoneOptionsFromEnv(process.env) };
    await checkHeldFields(options);
    relay = await startRelay({ ...options, log: timestamped });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`relay: ${error.message}`);
      process.exit(1);
    }
    const code = (error as { code?: string }).code;
    console.error(`relay: cannot start: ${code === 'EADDRINUSE' ? 'the port is already in use' : errorMessage(error)}`);
    process.exit(1);
  }
  const { policy } = relay.config;
  // Loaded only when there are lists to check: it brings in the schema validator.
  const unknown = [policy.clientAllow, policy.clientDeny, policy.serverAllow, policy.serverDeny].some((list) => list.length)
    ? (await import('./policy-check')).unknownPolicyEventTypes(policy)
    : [];
  if (relay.config.accessToken !== null && relay.config.accessToken.length < MIN_TOKEN_LENGTH) {
    timestamped(`relay: warning: RELAY_ACCESS_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters; use a long random one (e.g. openssl rand -hex 24)`);
  }
  const reachable = !isLoopbackHost(relay.config.host) || relay.config.allowedOrigins.includes('*');
  if (relay.config.accessToken === null && reachable) {
    // Only RELAY_ALLOW_UNAUTHENTICATED_REMOTE gets here; it should not pass unnoticed.
    timestamped('relay: warning: no RELAY_ACCESS_TOKEN although other machines or any web page can reach the relay (RELAY_ALLOW_UNAUTHENTICATED_REMOTE=true): whatever reaches it spends your key');
  }
  if (unknown.length) timestamped(`relay: warning: the policy names event types the protocol does not know (typos?): ${unknown.join(', ')}`);
  const liveDelegationErrors = relay.config.liveDelegation ? (await import('./policy-check')).heldLiveDelegationErrors(relay.config.liveDelegation) : [];
  if (liveDelegationErrors.length) timestamped(`relay: warning: the API would refuse the held Live delegation: ${liveDelegationErrors.join('; ')}`);
  const unanswered = relay.config.liveDelegation ? (await import('./policy-check')).unansweredLiveWebRtcTools(relay.config.liveDelegation, relay.config.sidebandTools) : [];
  if (unanswered.length) timestamped(`relay: warning: over Live WebRTC (/session/live) nobody answers the held backend's ${unanswered.join(', ')}: the page may not send function outputs while the relay holds the delegation; add them to RELAY_SIDEBAND_TOOLS`);
  timestamped(`relay: listening on ${relay.url} (health: http://${relay.url.slice('ws://'.length)}/health); ${describe(relay.config)}`);

  let stopping = false;
  // SIGTERM (systemd, a rolling restart) drains; SIGINT (Ctrl-C) closes at once; a second signal
  // during a drain skips the rest of its grace.
  const stop = (signal: string) => {
    if (stopping) {
      timestamped(`relay: ${signal} again: closing the remaining ${relay.activeSessions()} session(s) now`);
      void relay.close();
      return;
    }
    stopping = true;
    timestamped(`relay: ${signal}: ${signal === 'SIGTERM' ? `draining ${relay.activeSessions()} session(s) for up to ${relay.config.drainGraceMs} ms` : `closing ${relay.activeSessions()} session(s) with 1001`}`);
    (signal === 'SIGTERM' ? relay.drain() : relay.close()).then(
      () => {
        timestamped('relay: stopped');
        process.exit(0);
      },
      (error: Error) => {
        console.error(`relay: error while stopping: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
