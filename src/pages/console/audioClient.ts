// What ConversationAudio is given of a RealtimeClient.
import type { RealtimeClient } from '../../lib/realtime';
import type { AudioClient } from './conversationAudio';

/**
 * The client as ConversationAudio sees it. Until RealtimeClient has its own clearInputAudio
 * (issue 14, item 1, in lib/realtime), this is the one place the page names a wire event.
 */
export function audioClient(client: RealtimeClient): AudioClient {
  const on: AudioClient['on'] = (type, listener) => client.on(type, listener);
  return {
    isConnected: () => client.isConnected(),
    appendInputAudio: (audio) => client.appendInputAudio(audio),
    createResponse: (response) => client.createResponse(response),
    cancelResponse: (itemId, sampleCount) => client.cancelResponse(itemId, sampleCount),
    on,
    clearInputAudio: () => client.send({ type: 'input_audio_buffer.clear' }),
  };
}
