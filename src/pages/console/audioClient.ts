// What ConversationAudio is given of a RealtimeClient.
import type { RealtimeClient } from '../../lib/realtime';
import type { AudioClient } from './conversationAudio';

/** The client as ConversationAudio sees it: no wire event is named here (the client sends them). */
export function audioClient(client: RealtimeClient): AudioClient {
  const on: AudioClient['on'] = (type, listener) => client.on(type, listener);
  return {
    isConnected: () => client.isConnected(),
    appendInputAudio: (audio) => client.appendInputAudio(audio),
    createResponse: (response) => client.createResponse(response),
    cancelResponse: (itemId, sampleCount) => client.cancelResponse(itemId, sampleCount),
    on,
    clearInputAudio: () => client.clearInputAudio(),
    // `?.`: the page test's mocked client has no transport.
    media: client.transport?.audio.input === 'media' ? client : undefined,
    recording: client.transport?.audio.input === 'media' ? client : undefined,
  };
}
