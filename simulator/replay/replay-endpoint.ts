// Plugs replay into the simulator's WebSocket endpoint: a connection whose query or simulator
// asks for a replay is answered by a ReplayConnection; a refused one gets an `error` event and
// close 1008, as the handshake's own refusals.
import type { WebSocket } from 'ws';
import { webSocketChannel } from '../event-channel';
import type { FaultPlan } from '../faults';
import { newEventId } from '../ids';
import { errorEvent } from '../../src/lib/protocol/error-events';
import { WS_CLOSE_CODES } from '../../src/lib/protocol/close-codes';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { ReplayConnection } from './replay-connection';
import { ReplayReportFile } from './replay-report';
import { ReplaySource, type ReplaySettings } from './replay-source';

export interface ReplayEndpoint {
  /** True when it took the socket (a replay or a refusal); false: the normal engine serves it. */
  serve(ws: WebSocket, query: URLSearchParams, faults: FaultPlan): boolean;
  readonly reports: ReplayReportFile;
}

/** Throws (RecordingError) when `--replay FILE` cannot be replayed, so start-up fails loudly. */
export function replayEndpoint(settings: ReplaySettings, log: (line: string) => void, onServerEvent?: (event: ServerEvent) => void): ReplayEndpoint {
  const source = ReplaySource.create(settings);
  const reports = new ReplayReportFile(settings.reportPath, log);
  return {
    reports,
    serve(ws, query, faults) {
      const choice = source.choose(query);
      if (choice.kind === 'none') return false;
      if (choice.kind === 'refused') {
        log(`simulator: refused a replay (${choice.code})`);
        const event = errorEvent(newEventId(), { code: choice.code, message: choice.message });
        ws.send(JSON.stringify(event), () => ws.close(WS_CLOSE_CODES.policyViolation, choice.code));
        return true;
      }
      const connection = new ReplayConnection({ channel: webSocketChannel(ws), plan: choice.plan, speed: choice.speed, mode: choice.mode, faults, reports, log, onServerEvent });
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
