// Plugs replay into the simulator's endpoints: a WebSocket or a WebRTC call (`POST
// /v1/realtime/calls`) whose query or simulator asks for a replay is answered by a
// ReplayConnection. The choice is the same both ways (`--replay FILE`, or `?replay=NAME` with
// `replay_speed` and `replay_mode` on the URL the client, or a relay, was given: the client
// and the relay keep that query on the calls URL). A refused WebSocket gets an `error` event and
// close 1008, as the handshake's own refusals; a refused call, the same error as an HTTP answer.
import type { WebSocket } from 'ws';
import { webSocketChannel } from '../event-channel';
import type { FaultPlan } from '../faults';
import { newEventId } from '../ids';
import { errorEvent } from '../../src/lib/protocol/error-events';
import { WS_CLOSE_CODES } from '../../src/lib/protocol/close-codes';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import type { EventChannel } from '../event-channel';
import { callEngineOf, type CallEngine } from '../webrtc/call';
import { ReplayConnection } from './replay-connection';
import { ReplayReportFile } from './replay-report';
import { ReplaySource, type ReplayChoice, type ReplaySettings } from './replay-source';

export interface ReplayEndpoint {
  /** True when it took the socket (a replay or a refusal); false: the normal engine serves it. */
  serve(ws: WebSocket, query: URLSearchParams, faults: FaultPlan): boolean;
  /** A WebRTC call's replay: none (the engine answers), refused, or the engine that replays. */
  forCall(query: URLSearchParams, faults: FaultPlan): CallReplay;
  readonly reports: ReplayReportFile;
}

export type CallReplay =
  | { kind: 'none' }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'replay'; speed: number; engine: (channel: EventChannel) => CallEngine };

/** Throws (RecordingError) when `--replay FILE` cannot be replayed, so start-up fails loudly. */
export function replayEndpoint(settings: ReplaySettings, log: (line: string) => void, onServerEvent?: (event: ServerEvent) => void): ReplayEndpoint {
  const source = ReplaySource.create(settings);
  const reports = new ReplayReportFile(settings.reportPath, log);
  const open = (choice: Extract<ReplayChoice, { kind: 'replay' }>, channel: EventChannel, faults: FaultPlan, media: boolean): ReplayConnection =>
    new ReplayConnection({ channel, plan: choice.plan, speed: choice.speed, mode: choice.mode, faults, reports, log, onServerEvent, media, audioTimeoutMs: settings.audioTimeoutMs });
  return {
    reports,
    forCall(query, faults) {
      const choice = source.choose(query);
      if (choice.kind !== 'replay') {
        if (choice.kind === 'refused') log(`simulator: refused a replay (${choice.code})`);
        return choice;
      }
      return {
        kind: 'replay',
        // The track's clock runs at the replay's speed, as `sim_speed` runs a call's.
        speed: choice.speed,
        engine: (channel) => {
          const connection = open(choice, channel, faults, true);
          return callEngineOf(connection, connection.output, 'a replayed call');
        },
      };
    },
    serve(ws, query, faults) {
      const choice = source.choose(query);
      if (choice.kind === 'none') return false;
      if (choice.kind === 'refused') {
        log(`simulator: refused a replay (${choice.code})`);
        const event = errorEvent(newEventId(), { code: choice.code, message: choice.message });
        ws.send(JSON.stringify(event), () => ws.close(WS_CLOSE_CODES.policyViolation, choice.code));
        return true;
      }
      const connection = open(choice, webSocketChannel(ws), faults, false);
      ws.on('message', (data, isBinary) => {
        try {
          connection.handleFrame(data, isBinary);
        } catch (error) {
          log(`simulator: replay frame failed: ${(error as Error).stack ?? String(error)}`);
        }
      });
      ws.on('close', () => connection.stop());
      try {
        connection.start();
      } catch (error) {
        log(`simulator: replay failed to start: ${(error as Error).stack ?? String(error)}`);
      }
      return true;
    },
  };
}
