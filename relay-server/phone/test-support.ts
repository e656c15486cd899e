// Helpers for the phone line's tests, all on loopback: a relay with the phone line on, a
// stand-in for Open-Meteo that records what it was asked, a console on /logs, and a caller
// (the phone-line simulator, scripts/phone/).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRelay, type RunningRelay } from '../server';
import type { RelayOptions } from '../config';
import type { PhoneOptions } from './config';
import { RecordingClient, type RecordedEvent } from '../../testing/recording-client';
import { PhoneLine } from '../../scripts/phone/phone-line';
import { postWebhook, type StreamInstructions, type WebhookRequest } from '../../scripts/phone/webhook-client';
import { freePort } from '../../testing/free-port';

export { freePort };

export const AUTH_TOKEN = 'test-twilio-auth-token-0123456789';

export interface PhoneRelay {
  relay: RunningRelay;
  /** http://127.0.0.1:PORT: the relay's public URL in tests (Twilio would reach it through a tunnel). */
  httpUrl: string;
  lines: string[];
  /** Posts a signed webhook and dials the stream it names. */
  call(options?: Partial<WebhookRequest>): Promise<PhoneLine>;
  webhook(options?: Partial<WebhookRequest>): Promise<StreamInstructions>;
  close(): Promise<void>;
}

export async function startPhoneRelay(options: Omit<RelayOptions, 'apiKey'> & { apiKey?: string; phone?: PhoneOptions }): Promise<PhoneRelay> {
  const port = await freePort();
  const httpUrl = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const relay = await startRelay({
    apiKey: 'sim-key',
    port,
    log: (line) => lines.push(line),
    ...options,
    phone: { twilioAuthToken: AUTH_TOKEN, publicUrl: httpUrl, ...options.phone },
  });
  const webhook = (request: Partial<WebhookRequest> = {}) =>
    postWebhook({ postUrl: `${httpUrl}/twiml`, signedUrl: `${httpUrl}/twiml`, authToken: AUTH_TOKEN, ...request });
  return {
    relay,
    httpUrl,
    lines,
    webhook,
    call: async (request) => PhoneLine.dial(await webhook(request)),
    close: () => relay.close(),
  };
}

export interface WeatherStub {
  baseUrl: string;
  /** Query strings asked for. */
  requests: URLSearchParams[];
  close(): Promise<void>;
}

/** Answers Open-Meteo's forecast shape with fixed values. */
export async function startWeatherStub(temperature = 21.5, wind = 12.3): Promise<WeatherStub> {
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://x').searchParams);
    const body = JSON.stringify({
      current: { time: '2026-12-01T12:00', temperature_2m: temperature, wind_speed_10m: wind },
      current_units: { temperature_2m: '°C', wind_speed_10m: 'km/h' },
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1/forecast`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A console on /logs: records every message. */
export function openLogs(httpUrl: string, origin = 'http://localhost:3000'): Promise<RecordingClient> {
  return RecordingClient.open(`${httpUrl.replace(/^http/, 'ws')}/logs`, { origin, perMessageDeflate: false });
}

/** The call events a /logs console got for `callId` from `source`, parsed. */
export function callEvents(logs: RecordingClient, source: string): Array<RecordedEvent & { event: RecordedEvent }> {
  return logs.events.filter((e) => e.type === 'call.event' && e.source === source) as Array<RecordedEvent & { event: RecordedEvent }>;
}

/** Polls until `check` passes (bounded). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
