// One RealtimeClient per connection: made on Connect (so a changed key or URL takes effect),
// set up by the caller (tools, session), connected, and torn down on close. Any close or error
// leaves a readable reason and the page ready to connect again. A server `error` while connected
// does not end anything by itself: it is kept apart as a non-fatal notice (a close that follows
// still names the server's message, which the transport passes along with the close).
import { useCallback, useEffect, useRef, useState } from 'react';
import { RealtimeClient, type CloseInfo, type ItemState, type ServerSession } from '../../lib/realtime';
import { describeClose, describeConnectFailure } from '../../components/connection/closeReason';
import { noteServerError, type ServerErrorNoticeState } from '../../components/connection/serverErrorText';
import type { ConnectionStatus } from '../../components/connection/ConnectionBar';
import { displayUrl } from '../../config';
import { SessionRejections, type SessionRejection } from './sessionRejections';
import { directKeyRefusal } from './directKeyPolicy';
import { isSimulatorSessionId } from '../../lib/protocol/simulator-ids';
import { errorMessage } from '../../lib/shared/error-message';
import { RelayRestartReconnect, isRelayRestart } from './relayRestart';
import { webrtcTransportFor, type WebRTCTarget } from '../../components/connection/transportChoice';

export interface ConnectionTarget {
  url: string;
  /** Absent in relay mode: the relay holds the key. */
  apiKey?: string;
  /** The user ticked that a standard key is visible to this browser. */
  allowKeyInBrowser?: boolean;
  model: string;
  /** Set when the user chose WebRTC: how its offer travels (transportChoice.ts). */
  webrtc?: WebRTCTarget;
}

export interface RealtimeConnection {
  client: RealtimeClient | null;
  status: ConnectionStatus;
  closeReason: string | null;
  serverSession: ServerSession | null;
  /** The latest `session.update` the server refused (a new object each time), or null. */
  sessionRejection: SessionRejection | null;
  /** Server errors received while connected (newest, and how many); cleared on dismiss or the next successful Connect. */
  serverError: ServerErrorNoticeState | null;
  isSimulator: boolean;
  connect(): Promise<void>;
  disconnect(): void;
  dismissServerError(): void;
  /** Whether the last session left a conversation a new one could carry on ("Reconnect with history"). */
  canCarryHistory: boolean;
  /** Ends the session, if one is open, and connects a new one that receives the conversation so far. */
  reconnectWithHistory(): Promise<void>;
}

export function useRealtimeConnection(target: ConnectionTarget | null, setup: (client: RealtimeClient) => void): RealtimeConnection {
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('disconnected');
  const [closeReason, setCloseReason] = useState<string | null>(null);
  const [serverSession, setServerSession] = useState<ServerSession | null>(null);
  const [sessionRejection, setSessionRejection] = useState<SessionRejection | null>(null);
  const [serverError, setServerError] = useState<ServerErrorNoticeState | null>(null);
  const current = useRef<RealtimeClient | null>(null);
  /** The last client that got a session: its conversation is what "Reconnect with history" carries. */
  const lastSession = useRef<RealtimeClient | null>(null);
  const [canCarryHistory, setCanCarryHistory] = useState(false);
  /** Declared before connectNow, which starts it on a 1012; set once it exists below. */
  const restartRef = useRef<RelayRestartReconnect | null>(null);
  /** What the last session said, for a reconnect that carries it on. */
  const historyNow = useCallback((): ItemState[] => lastSession.current?.conversation.getItems() ?? [], []);
  const setupRef = useRef(setup);
  setupRef.current = setup;

  const release = useCallback((which: RealtimeClient, reason: string | null) => {
    if (current.current !== which) return; // a newer connection already replaced it
    current.current = null;
    setClient(null);
    setStatus('disconnected');
    setServerSession(null);
    if (reason) setCloseReason(reason);
  }, []);

  /** `history`: a conversation to carry into the new session, right after its session.update. */
  const connectNow = useCallback(async (history?: readonly ItemState[]) => {
    if (!target || current.current) return;
    // Refused before any client or socket exists: nothing reaches the network.
    const wire = target.webrtc ? webrtcTransportFor(target.webrtc) : null;
    const refusal = wire ? (wire.ok ? null : wire.reason) : directKeyRefusal(target);
    if (refusal) {
      setCloseReason(refusal);
      return;
    }
    const next = wire?.ok
      ? new RealtimeClient({ transport: wire.transport })
      : new RealtimeClient({
        url: target.url,
        apiKey: target.apiKey,
        dangerouslyAllowAPIKeyInBrowser: Boolean(target.apiKey && target.allowKeyInBrowser),
        model: target.model,
      });
    current.current = next;
    setCloseReason(null);
    setServerSession(null);
    setSessionRejection(null);
    setStatus('connecting');
    setClient(next);
    const rejections = new SessionRejections();
    next.on('realtime.event', (event) => {
      const rejection = rejections.observe(event);
      if (rejection && current.current === next) setSessionRejection(rejection);
    });
    next.on('session.updated', (session: ServerSession) => setServerSession(session));
    next.on('conversation.item.appended', () => {
      if (current.current === next && lastSession.current === next) setCanCarryHistory(true);
    });
    // Before the socket is up an error is the refusal itself: the failed Connect reports it.
    let open = false;
    next.on('error', (error) => {
      if (open && current.current === next) setServerError((previous) => noteServerError(previous, error));
    });
    next.on('close', (info: CloseInfo) => {
      const wasOpen = open && current.current === next;
      release(next, describeClose(info));
      if (wasOpen && isRelayRestart(info.code)) restartRef.current?.start();
    });
    try {
      setupRef.current(next);
      await next.connect();
      if (current.current === next) {
        if (history?.length) next.carryHistory(history);
        lastSession.current = next;
        setCanCarryHistory(next.conversation.getItems().length > 0 || Boolean(history?.length));
        open = true;
        setServerError(null);
        setStatus('connected');
      }
    } catch (error) {
      next.disconnect();
      const origin = typeof window === 'undefined' ? undefined : window.location.origin;
      release(next, describeConnectFailure(errorMessage(error), { url: displayUrl(target.url), relay: !target.apiKey, origin }));
    }
  }, [target, release]);

  // After a 1012 (relay restarting) the console reconnects by itself (relayRestart.ts).
  const connectRef = useRef(connectNow);
  connectRef.current = connectNow;
  const [restart] = useState(
    () =>
      new RelayRestartReconnect({
        connect: async () => {
          await connectRef.current(historyNow());
          return current.current !== null;
        },
        carried: () => current.current?.historyCarry?.items.length ?? 0,
        say: setCloseReason,
      }),
  );
  restartRef.current = restart;
  const connect = useCallback(async () => {
    restart.cancel();
    await connectNow();
  }, [connectNow, restart]);

  const disconnect = useCallback(() => {
    restart.cancel();
    const which = current.current;
    if (!which) return;
    which.disconnect();
    release(which, null);
  }, [release, restart]);

  const dismissServerError = useCallback(() => setServerError(null), []);

  const reconnectWithHistory = useCallback(async () => {
    restart.cancel();
    const history = historyNow();
    const which = current.current;
    if (which) {
      which.disconnect();
      release(which, null);
    }
    await connectNow(history);
  }, [connectNow, historyNow, release, restart]);

  // Leaving the page (or unmounting in tests) closes the socket.
  useEffect(() => () => {
    restart.cancel();
    current.current?.disconnect();
  }, [restart]);

  const sessionId = (serverSession as { id?: string } | null)?.id;
  return {
    client,
    status,
    closeReason,
    serverSession,
    sessionRejection,
    serverError,
    isSimulator: isSimulatorSessionId(sessionId),
    connect,
    disconnect,
    dismissServerError,
    canCarryHistory,
    reconnectWithHistory,
  };
}
