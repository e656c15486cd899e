// One relay session: a browser socket piped to its own upstream socket. Frames cross as the
// bytes received unless the policy rewrote them; closes cross with their code and reason.
import type { IncomingMessage } from 'node:http';
import WebSocket, { type RawData } from 'ws';
import { CLOSE_CODES } from './close-codes';
import { isSendableCode, truncateReason, WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';
import type { RelayConfig } from './config';
import { IdleTimer, PendingQueue, frameSize } from './limits';
import { formatBytes, type LogSink } from './logging';
import { RELAY_ERROR_CODES, relayErrorEvent, type ClientDecision, type Frame, type Policy, type RelayErrorCode } from './policy';
import { createSecretScrubber, type SecretScrubber } from './secret-scrubber';
import { NO_OBSERVER, type Closer, type SessionObserver } from './session-observer';

export interface SessionOptions {
  id: number;
  browser: WebSocket;
  upstreamUrl: string;
  model: string;
  origin: string | undefined;
  config: RelayConfig;
  policy: Policy;
  log: LogSink;
  /** Sessions open right now, for the log lines. */
  activeCount: () => number;
  onEnd: (session: RelaySession) => void;
  /** Told of frames, policy decisions, the upstream handshake and the end (metrics, readiness). */
  observer?: SessionObserver;
  /** The `error` events the relay sends this browser (Realtime-shaped by default; live-route.ts for Live). */
  errorEvent?: typeof relayErrorEvent;
}

interface Traffic {
  messages: number;
  bytes: number;
}

/** Largest part of an upstream's refusal body read for the error message. */
const MAX_REFUSAL_BODY_BYTES = 4096;
const REFUSAL_BODY_WAIT_MS = 1000;

export class RelaySession {
  readonly id: number;
  private readonly browser: WebSocket;
  private readonly upstream: WebSocket;
  private readonly options: SessionOptions;
  private readonly config: RelayConfig;
  private readonly pending: PendingQueue;
  private readonly idle: IdleTimer;
  private readonly scrubber: SecretScrubber;
  private readonly observer: SessionObserver;
  private readonly startedAt = Date.now();
  private readonly toUpstream: Traffic = { messages: 0, bytes: 0 };
  private readonly toBrowser: Traffic = { messages: 0, bytes: 0 };
  private denied = 0;
  private dropped = 0;
  private loggedDenials = 0;
  private upstreamFailed = false;
  private upstreamOpened = false;
  private browserClosed = false;
  private upstreamClosed = false;
  private ended = false;
  private closer: Closer | null = null;
  private closeCode = 0;
  private closeReason = '';
  private lastError: string | null = null;
  private cutTimer: NodeJS.Timeout | null = null;

  constructor(options: SessionOptions) {
    this.options = options;
    this.id = options.id;
    this.config = options.config;
    this.browser = options.browser;
    this.observer = options.observer ?? NO_OBSERVER;
    this.scrubber = createSecretScrubber(this.config.apiKey);
    this.pending = new PendingQueue(this.config.maxPendingMessages, this.config.maxPendingBytes);
    this.idle = new IdleTimer(this.config.idleTimeoutMs, () =>
      this.closeBoth(CLOSE_CODES.idle, `relay: idle for ${Math.round(this.config.idleTimeoutMs / 1000)} s`));

    this.browser.on('message', (data, isBinary) => this.onBrowserMessage(data, isBinary));
    this.browser.on('close', (code, reason) => this.onBrowserClose(code, reason.toString()));
    this.browser.on('error', (error) => {
      this.lastError = `browser: ${error.message}`;
    });

    this.upstream = new WebSocket(options.upstreamUrl, {
      headers: { Authorization: `Bearer ${this.config.apiKey}` },
      maxPayload: this.config.maxUpstreamMessageBytes,
      handshakeTimeout: this.config.upstreamConnectTimeoutMs,
      perMessageDeflate: false,
    });
    this.upstream.on('open', () => this.onUpstreamOpen());
    this.upstream.on('message', (data, isBinary) => this.onUpstreamMessage(data, isBinary));
    this.upstream.on('close', (code, reason) => this.onUpstreamClose(code, reason.toString()));
    this.upstream.on('error', (error) => this.onUpstreamError(error));
    this.upstream.on('unexpected-response', (_request, response) => this.onUpstreamRefusal(response));
  }

  /** The open line; called once the server counts this session as active. */
  logOpen(): void {
    this.options.log(`relay #${this.id} open: origin ${this.options.origin ?? '(none)'}, model ${this.options.model}; ${this.options.activeCount()} active`);
  }

  /** Closes both sides with `code` (the relay's shutdown uses 1001). */
  shutdown(code: number = CLOSE_CODES.goingAway, reason = 'relay: shutting down'): void {
    this.closeBoth(code, reason);
  }

  /** Cuts both sockets without a closing handshake. */
  terminate(): void {
    this.browser.terminate();
    this.upstream.terminate();
  }

  // --- browser → upstream ---

  private onBrowserMessage(data: RawData, isBinary: boolean): void {
    this.idle.touch();
    if (isBinary) {
      this.denyClient({ action: 'deny', type: null, code: RELAY_ERROR_CODES.binary, message: 'relay: binary frames are not part of the Realtime protocol; send JSON text frames', eventId: null, param: null });
      return;
    }
    const decision = this.options.policy.checkClient(data as Buffer);
    if (decision.action === 'deny') this.denyClient(decision);
    else {
      if (decision.rewritten) this.observer.policy('rewritten', 'client', decision.type);
      this.forwardToUpstream(decision.data);
    }
  }

  private forwardToUpstream(frame: Frame): void {
    if (this.upstream.readyState === WebSocket.OPEN) {
      this.sendUpstream(frame);
    } else if (this.upstream.readyState === WebSocket.CONNECTING && !this.upstreamFailed) {
      if (!this.pending.push(frame)) {
        const message = `relay: more than ${this.config.maxPendingMessages} messages or ${formatBytes(this.config.maxPendingBytes)} sent before the upstream connection opened`;
        this.sendError(RELAY_ERROR_CODES.queueFull, message, null, 'relay_error');
        this.closeBoth(CLOSE_CODES.queueFull, 'relay: queue full before upstream opened');
      }
    }
    // Otherwise the upstream is closing: the session is ending and the frame has nowhere to go.
  }

  private sendUpstream(frame: Frame): void {
    // What was queued before this frame: one legal frame on a healthy socket never trips it.
    const queuedBefore = this.upstream.bufferedAmount;
    this.upstream.send(frame, { binary: false });
    this.toUpstream.messages++;
    const size = frameSize(frame);
    this.toUpstream.bytes += size;
    this.observer.frame('to_upstream', size);
    if (queuedBefore > this.config.maxBufferedBytes) {
      this.closeBoth(CLOSE_CODES.slowReader, `relay: upstream not reading, over ${formatBytes(this.config.maxBufferedBytes)} buffered`);
    }
  }

  private denyClient(decision: Extract<ClientDecision, { action: 'deny' }>): void {
    this.denied++;
    this.observer.policy('denied', 'client', decision.type);
    this.sendError(decision.code, decision.message, decision.eventId, undefined, decision.param);
    if (this.loggedDenials < this.config.maxLoggedDenialsPerSession) {
      this.loggedDenials++;
      this.options.log(`relay #${this.id} denied client event ${decision.type ?? '(unreadable)'}: ${decision.code}`);
    }
  }

  private sendError(code: RelayErrorCode, message: string, clientEventId: string | null, errorType?: string, param: string | null = null): void {
    this.sendBrowser((this.options.errorEvent ?? relayErrorEvent)(code, this.scrubber.text(message), { clientEventId, errorType, param }), false);
  }

  // --- upstream → browser ---

  private onUpstreamOpen(): void {
    this.upstreamOpened = true;
    this.observer.upstreamOpened(Date.now() - this.startedAt);
    for (const frame of this.options.policy.openingFrames()) this.sendUpstream(frame);
    this.pending.drain((frame) => this.sendUpstream(frame));
  }

  private onUpstreamMessage(data: RawData, isBinary: boolean): void {
    this.idle.touch();
    const decision = this.options.policy.checkServer(data as Buffer);
    if (decision.action === 'forward') {
      if (decision.rewritten) this.observer.policy('rewritten', 'server', decision.type);
      this.forwardToBrowser(decision.type, decision.data, isBinary);
      return;
    }
    this.dropped++;
    this.observer.policy('dropped', 'server', decision.type);
    if (decision.notify) this.sendError(RELAY_ERROR_CODES.upstreamEventWithheld, `relay: the upstream's "${decision.type}" event was not forwarded: ${decision.reason}`, null, 'relay_error');
    // A session the policy refuses as a whole (a fork that became what the relay does not allow).
    if (decision.close) this.closeBoth(decision.close.code, decision.close.reason);
    if (this.loggedDenials < this.config.maxLoggedDenialsPerSession) {
      this.loggedDenials++;
      this.options.log(`relay #${this.id} dropped server event ${decision.type ?? '(unreadable)'}: ${decision.reason}`);
    }
  }

  /** An upstream frame on its way to the browser: the key is scrubbed from every one. */
  private forwardToBrowser(type: string | null, data: Frame, isBinary: boolean): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const scrubbed = this.scrubber.frame(bytes);
    if (scrubbed.action === 'withhold') {
      this.dropped++;
      this.observer.policy('dropped', 'server', type);
      this.options.log(`relay #${this.id} withheld an upstream ${type ?? '(unreadable)'} frame: it spelled out the API key`);
      this.sendError(RELAY_ERROR_CODES.upstreamEventWithheld, `relay: an upstream "${type ?? 'unreadable'}" event contained the API key and was withheld`, null, 'relay_error');
      return;
    }
    // An upstream error may also quote part of a key, e.g. "Incorrect API key provided: sk-…".
    const frame = type === 'error' ? this.scrubber.text(scrubbed.frame.toString('utf8')) : scrubbed.frame;
    this.sendBrowser(frame, isBinary && frame === data);
  }

  private sendBrowser(frame: Frame, binary: boolean): void {
    if (this.browser.readyState !== WebSocket.OPEN) return;
    const queuedBefore = this.browser.bufferedAmount;
    this.browser.send(frame, { binary });
    this.toBrowser.messages++;
    const size = frameSize(frame);
    this.toBrowser.bytes += size;
    this.observer.frame('to_browser', size);
    if (queuedBefore > this.config.maxBufferedBytes) {
      this.closeBoth(CLOSE_CODES.slowReader, `relay: slow reader, over ${formatBytes(this.config.maxBufferedBytes)} buffered`);
    }
  }

  // --- failures before the upstream opened ---

  private onUpstreamRefusal(response: IncomingMessage): void {
    const status = response.statusCode ?? 0;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const detail = refusalDetail(Buffer.concat(chunks).toString('utf8'));
      const message = `relay: the upstream refused the connection: HTTP ${status} ${response.statusMessage ?? ''}`.trim() + (detail ? `: ${detail}` : '');
      this.observer.upstreamFailed('refused', `HTTP ${status}`);
      this.failUpstream(RELAY_ERROR_CODES.upstreamRefused, message, `relay: upstream refused: HTTP ${status}`);
      this.upstream.terminate();
    };
    const timer = setTimeout(finish, REFUSAL_BODY_WAIT_MS);
    response.on('data', (chunk: Buffer) => {
      if (size < MAX_REFUSAL_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_REFUSAL_BODY_BYTES - size));
      size += chunk.length;
    });
    response.on('end', finish);
    response.on('error', finish);
  }

  private onUpstreamError(error: Error & { code?: string }): void {
    if (this.upstreamFailed || this.closer !== null) return; // expected after an abort or refusal
    if (this.upstreamOpened) {
      this.lastError = `upstream: ${error.message}`;
      return; // the close event that follows carries it to the browser
    }
    if (/timed out/i.test(error.message)) {
      this.observer.upstreamFailed('timeout', `no answer within ${this.config.upstreamConnectTimeoutMs} ms`);
      this.failUpstream(RELAY_ERROR_CODES.upstreamTimeout, `relay: the upstream did not answer within ${this.config.upstreamConnectTimeoutMs} ms`, 'relay: upstream timed out');
    } else {
      const host = new URL(this.options.upstreamUrl).host;
      this.observer.upstreamFailed('unreachable', error.code ?? error.message);
      this.failUpstream(RELAY_ERROR_CODES.upstreamUnreachable, `relay: cannot reach the upstream at ${host} (${error.code ?? error.message})`, 'relay: upstream unreachable');
    }
  }

  /** The upstream never opened: tell the browser why, in an event it can read, then close. */
  private failUpstream(code: RelayErrorCode, message: string, closeReason: string): void {
    if (this.upstreamFailed) return;
    this.upstreamFailed = true;
    this.lastError = message;
    this.pending.clear();
    this.sendError(code, message, null, 'relay_error');
    this.setCloser('relay', CLOSE_CODES.badGateway, closeReason);
    this.closeSocket(this.browser, CLOSE_CODES.badGateway, closeReason);
  }

  // --- closing ---

  private onBrowserClose(code: number, reason: string): void {
    this.browserClosed = true;
    this.setCloser('browser', code, reason);
    if (this.upstream.readyState === WebSocket.CONNECTING) this.upstream.terminate();
    else if (code === WS_CLOSE_CODES.abnormal) this.closeSocket(this.upstream, CLOSE_CODES.goingAway, 'relay: browser connection lost');
    else this.closeSocket(this.upstream, code, reason);
    this.maybeEnd();
  }

  private onUpstreamClose(code: number, reason: string): void {
    this.upstreamClosed = true;
    this.setCloser('upstream', code, reason);
    if (!this.upstreamFailed) {
      if (code === WS_CLOSE_CODES.abnormal) this.closeSocket(this.browser, CLOSE_CODES.badGateway, 'relay: upstream connection lost');
      else this.closeSocket(this.browser, code, this.scrubber.text(reason));
    }
    this.maybeEnd();
  }

  private closeBoth(code: number, reason: string): void {
    this.setCloser('relay', code, reason);
    this.pending.clear();
    if (this.upstream.readyState === WebSocket.CONNECTING) this.upstream.terminate();
    else this.closeSocket(this.upstream, code, reason);
    this.closeSocket(this.browser, code, reason);
  }

  /** Starts a closing handshake, with a deadline after which the socket is cut. */
  private closeSocket(socket: WebSocket, code: number, reason: string): void {
    if (socket.readyState === WebSocket.CLOSED) return;
    if (socket.readyState === WebSocket.OPEN) {
      if (code === 1005) socket.close();
      else if (isSendableCode(code)) socket.close(code, truncateReason(reason));
      else socket.close(CLOSE_CODES.goingAway, truncateReason(reason));
    }
    if (!this.cutTimer) {
      this.cutTimer = setTimeout(() => this.terminate(), this.config.shutdownGraceMs);
      this.cutTimer.unref();
    }
  }

  private setCloser(closer: Closer, code: number, reason: string): void {
    if (this.closer !== null) return;
    this.closer = closer;
    this.closeCode = code;
    this.closeReason = reason;
  }

  private maybeEnd(): void {
    if (this.ended || !this.browserClosed || !this.upstreamClosed) return;
    this.ended = true;
    this.idle.stop();
    if (this.cutTimer) clearTimeout(this.cutTimer);
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    const reason = this.closeReason ? ` "${this.closeReason}"` : '';
    const error = this.lastError ? `; error: ${this.lastError}` : '';
    this.options.onEnd(this);
    this.observer.ended(this.closeCode, this.closer, (Date.now() - this.startedAt) / 1000);
    this.options.log(
      `relay #${this.id} closed: ${this.closeCode}${reason} by ${this.closer} after ${seconds} s; ` +
      `browser→upstream ${this.toUpstream.messages} msgs ${formatBytes(this.toUpstream.bytes)}, ` +
      `upstream→browser ${this.toBrowser.messages} msgs ${formatBytes(this.toBrowser.bytes)}, ` +
      `denied ${this.denied}, dropped ${this.dropped}${error}; ${this.options.activeCount()} active`,
    );
  }
}

/** The readable part of a refusal body: OpenAI answers `{"error": {"message": ...}}`. */
function refusalDetail(body: string): string {
  const text = body.trim();
  if (!text) return '';
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: { message?: unknown } }).error;
    if (error && typeof error.message === 'string') return error.message.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300);
}
