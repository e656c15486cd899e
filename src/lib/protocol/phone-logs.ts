// The relay's `/logs` protocol for phone calls (relay-server/phone/logs-socket.ts), shared by the
// relay that sends it and the console that reads it (src/components/phone/phoneLogsClient.ts).

/** What the phone line needs and has, sent when a console connects. */
export interface PhoneStatus {
  /** Both TWILIO_AUTH_TOKEN and RELAY_PUBLIC_URL are set: /twiml and /call are on. */
  enabled: boolean;
  authTokenSet: boolean;
  publicUrl: string | null;
  /** Paste this into the Twilio number's "A call comes in" webhook (HTTP POST). */
  webhookUrl: string | null;
  streamUrl: string | null;
  /** Whether GET {publicUrl}/health reached the relay; null while unknown or off. */
  publicUrlAnswers: boolean | null;
}

/** One call's facts, in the `calls` list. */
export interface CallFacts {
  id: string;
  callSid: string;
  streamSid: string;
  from: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  codec: 'audio/pcmu';
  state: 'connecting' | 'live' | 'ended';
  mediaIn: number;
  mediaOut: number;
  marksSent: number;
  marksEchoed: number;
  clears: number;
  truncations: number;
  dtmf: string;
  toolRuns: number;
  endReason: string | null;
}

/** Where a call event came from or went to. */
export type CallEventSource =
  | 'client' // relay → upstream (the Realtime client events the relay sends for the call)
  | 'server' // upstream → relay
  | 'twilio-in' // Twilio → relay
  | 'twilio-out' // relay → Twilio
  | 'relay'; // the relay's own note (tool runs, refusals, the end)
