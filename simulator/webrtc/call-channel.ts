// A call's event channel: the client's `oai-events` data channel and any sideband WebSockets
// (`/v1/realtime?call_id=…`) that attached. Every server event goes to all of them; closing it
// ends the call, the sidebands with the close code and reason.
import WebSocket from 'ws';
import type { RTCDataChannel } from 'werift';
import type { EventChannel } from '../event-channel';

export class CallChannel implements EventChannel {
  private dataChannel: RTCDataChannel | null = null;
  private readonly sidebands = new Set<WebSocket>();
  private ended = false;

  /**
   * An event the data channel refused (larger than the peer's max-message-size): what to send
   * the data channel in its place, if anything. Sidebands get the event itself.
   */
  onRefused: (text: string, error: unknown) => string | null = () => null;

  /** Ends the call (set by the call, which owns the peer connection). */
  onClose: (code: number, reason: string) => void = () => undefined;

  get isOpen(): boolean {
    if (this.ended) return false;
    if (this.dataChannel?.readyState === 'open') return true;
    for (const socket of this.sidebands) if (socket.readyState === WebSocket.OPEN) return true;
    return false;
  }

  get sidebandCount(): number {
    return this.sidebands.size;
  }

  setDataChannel(channel: RTCDataChannel): void {
    this.dataChannel = channel;
  }

  addSideband(socket: WebSocket): void {
    this.sidebands.add(socket);
    socket.on('close', () => this.sidebands.delete(socket));
  }

  send(text: string): void {
    if (this.ended) return;
    if (this.dataChannel?.readyState === 'open') {
      try {
        this.dataChannel.send(text);
      } catch (error) {
        const replacement = this.onRefused(text, error);
        if (replacement !== null) this.dataChannel.send(replacement);
      }
    }
    for (const socket of this.sidebands) if (socket.readyState === WebSocket.OPEN) socket.send(text);
  }

  close(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const socket of this.sidebands) if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    this.onClose(code, reason);
  }
}
