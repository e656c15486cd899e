// A Live session in the page: the LiveClient through the relay (Live has no browser keys), over
// the console's transport choice — a WebSocket (the microphone streamed continuously as appends,
// the model's audio played by wavtools) or WebRTC (the relay's `/session/live`: the microphone as
// a track, the model's voice into an <audio> element) — and a version bump on every change so the
// panels re-read the client's trackers. The work is the client's; this only wires it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { LiveClient, LiveRtcWire } from '../../lib/live';
import type { TransportKind } from '../connection/transportChoice';
import type { EventLogStore } from '../event-log';
import { WavRecorder, WavStreamPlayer } from '../../lib/wavtools';
import { registerLiveConsoleTools } from '../../tools/live-console-tools';
import type { ConsoleToolsOptions } from '../../tools';
import { errorMessage } from '../../lib/shared/error-message';
import { liveSessionFor, type LiveStartChoices } from './LiveStartForm';

export type LiveStatus = 'idle' | 'starting' | 'live' | 'closed';

/** The relay's Live route: its path, the access token query kept. */
export function liveRelayUrl(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.pathname = '/v1/live/sessions';
  for (const key of [...url.searchParams.keys()]) if (key !== 'access_token') url.searchParams.delete(key);
  return url.toString();
}

/** `eventLog`: the console's event log for Live (every event sent and received goes in it). */
export function useLiveSession(relayUrl: string, toolOptions: ConsoleToolsOptions, eventLog: EventLogStore, transport: TransportKind = 'websocket', microphoneDeviceId?: string | null) {
  const [client, setClient] = useState<LiveClient | null>(null);
  const [status, setStatus] = useState<LiveStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [delegation, setDelegation] = useState<LiveStartChoices['delegation'] | null>(null);
  /** The stored sessions this one descends from, the parent last (empty: not a fork). */
  const [lineage, setLineage] = useState<string[]>([]);
  const [muted, setMutedState] = useState(false);
  const mutedRef = useRef(false);
  const rtcRef = useRef<LiveRtcWire | null>(null);
  const audio = useRef<{ recorder: WavRecorder; player: WavStreamPlayer } | null>(null);
  /** Where the model's voice plays over WebRTC (rendered by LiveConsole). */
  const audioElement = useRef<HTMLAudioElement | null>(null);

  /** Wires a client to the page, connects it, and streams the microphone to it. */
  const run = useCallback(
    async (live: LiveClient, rtc: LiveRtcWire | null, label: string, kind: LiveStartChoices['delegation']) => {
      registerLiveConsoleTools(live, toolOptions);
      const bump = () => setVersion((v) => v + 1);
      for (const type of ['transcript', 'delegation', 'append', 'usage', 'decision', 'error'] as const) live.on(type, bump);
      eventLog.startConnection(label);
      live.on('live.event', (e) => eventLog.append(e));
      live.on('malformed', (frame) => eventLog.appendMalformed(frame));
      live.on('close', (info) => {
        eventLog.appendDisconnect({ code: info.code, reason: info.reason });
        setStatus('closed');
        if (!info.finalized) setError(`closed without session.closed (${info.code} ${info.reason})`);
        void audio.current?.recorder.end().catch(() => undefined);
      });
      rtcRef.current = rtc;
      mutedRef.current = false;
      setMutedState(false);
      setClient(live);
      setDelegation(kind);
      setStatus('starting');
      setError(null);
      try {
        await live.connect();
        if (rtc) {
          setStatus('live');
          return;
        }
        const recorder = new WavRecorder({ sampleRate: 24000 });
        const player = new WavStreamPlayer({ sampleRate: 24000 });
        audio.current = { recorder, player };
        await player.connect();
        live.on('audio', (pcm) => player.add16BitPCM(pcm));
        await recorder.begin();
        // Muted, the microphone's chunks are dropped and the pacer sends silence in their place.
        await recorder.record((chunk) => mutedRef.current || live.appendInputAudio(chunk.mono));
        live.startAudio();
        setStatus('live');
      } catch (caught) {
        setError(errorMessage(caught));
        live.disconnect();
      }
    },
    [toolOptions, eventLog],
  );

  const start = useCallback(
    async (choices: LiveStartChoices) => {
      const session = liveSessionFor(choices);
      const rtc =
        transport === 'webrtc'
          ? new LiveRtcWire({ signalling: { via: 'relay', relayUrl }, session, input: 'microphone', microphoneDeviceId: microphoneDeviceId ?? undefined })
          : null;
      rtc?.setOutputAudioSink({
        stream: (stream) => {
          const element = audioElement.current;
          if (!element) return;
          element.srcObject = stream;
          if (stream) void element.play().catch(() => undefined);
        },
      });
      setLineage([]);
      await run(new LiveClient({ url: liveRelayUrl(relayUrl), session, wire: rtc ?? undefined }), rtc, `GPT-Live over ${rtc ? 'WebRTC' : 'WebSocket'}`, choices.delegation);
    },
    [relayUrl, transport, microphoneDeviceId, run],
  );

  /**
   * Forks the closed, stored session this page ran: a new session at the relay's
   * `/v1/live/sessions/{id}/fork` with no overrides (the model, voice, instructions and
   * conversation are the stored session's). Over a WebSocket whatever the transport choice: the
   * relay forwards the fork WebSocket, not the WebRTC fork (`POST …/fork`).
   */
  const fork = useCallback(async () => {
    const parent = client?.session;
    if (!parent?.store || status !== 'closed') return;
    const ancestors = [...lineage, parent.id];
    setLineage(ancestors);
    const kind = parent.delegation?.type === 'client' ? 'client' : 'responses';
    await run(new LiveClient({ url: liveRelayUrl(relayUrl), fork: { sessionId: parent.id } }), null, `GPT-Live fork of ${parent.id} over WebSocket`, kind);
  }, [client, status, lineage, relayUrl, run]);

  /**
   * Mutes the microphone. Live's input is continuous (the session clock runs on it), and its own
   * mute "sends silence to the model" (live.d.ts InputAudioMutedEvent): so over WebRTC the track
   * is disabled, which sends silence rather than nothing (W3C Media Capture: a disabled audio
   * track renders silence), and over a WebSocket the pacer sends silence for the dropped chunks.
   */
  const setMuted = useCallback((next: boolean) => {
    mutedRef.current = next;
    rtcRef.current?.muteTrack(next);
    setMutedState(next);
  }, []);

  const stop = useCallback(async () => {
    await client?.close();
  }, [client]);

  useEffect(() => () => client?.disconnect(), [client]);

  return { client, status, error, version, delegation, lineage, muted, start, fork, setMuted, stop, audioElement };
}
