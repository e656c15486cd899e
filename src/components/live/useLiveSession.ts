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
  const audio = useRef<{ recorder: WavRecorder; player: WavStreamPlayer } | null>(null);
  /** Where the model's voice plays over WebRTC (rendered by LiveConsole). */
  const audioElement = useRef<HTMLAudioElement | null>(null);

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
      const live = new LiveClient({ url: liveRelayUrl(relayUrl), session, wire: rtc ?? undefined });
      registerLiveConsoleTools(live, toolOptions);
      const bump = () => setVersion((v) => v + 1);
      for (const type of ['transcript', 'delegation', 'append', 'usage', 'decision', 'error'] as const) live.on(type, bump);
      eventLog.startConnection(`GPT-Live over ${rtc ? 'WebRTC' : 'WebSocket'}`);
      live.on('live.event', (e) => eventLog.append(e));
      live.on('malformed', (frame) => eventLog.appendMalformed(frame));
      live.on('close', (info) => {
        eventLog.appendDisconnect({ code: info.code, reason: info.reason });
        setStatus('closed');
        if (!info.finalized) setError(`closed without session.closed (${info.code} ${info.reason})`);
        void audio.current?.recorder.end().catch(() => undefined);
      });
      setClient(live);
      setDelegation(choices.delegation);
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
        await recorder.record((chunk) => live.appendInputAudio(chunk.mono));
        live.startAudio();
        setStatus('live');
      } catch (caught) {
        setError(errorMessage(caught));
        live.disconnect();
      }
    },
    [relayUrl, toolOptions, eventLog, transport, microphoneDeviceId],
  );

  const stop = useCallback(async () => {
    await client?.close();
  }, [client]);

  useEffect(() => () => client?.disconnect(), [client]);

  return { client, status, error, version, delegation, start, stop, audioElement };
}
