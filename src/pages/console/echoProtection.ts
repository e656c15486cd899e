// What the console says about echo: which protection is active for this connection. On laptop
// speakers a VAD microphone hears the model; two protections exist (conversationAudio.ts): the
// model played through WebRTC so the browser's echo canceller hears it (loopback-output.ts), and
// half duplex, the microphone held back while the model speaks (halfDuplex.ts).
import type { ConversationAudioState } from './conversationAudio';

export interface EchoSummary {
  /** A few words for the folded line (it must not wrap: the talk controls keep their height). */
  short: string;
  /** What protects the microphone from the model's voice now, in full. */
  text: string;
  /** Nothing protects it (in VAD mode, where it matters). */
  unprotected: boolean;
}

type EchoState = Pick<ConversationAudioState, 'halfDuplex' | 'echoCancellerWanted' | 'speakerRoute' | 'speakerRouteProblem'>;

export function echoSummary(state: EchoState, vad: boolean): EchoSummary {
  const { speakerRoute: route, echoCancellerWanted: wanted } = state;
  const parts: string[] = [];
  let cancelling = false;
  if (route === 'media') {
    cancelling = true;
    parts.push('echo cancellation on (a WebRTC call)');
  } else if (route === 'loopback') {
    cancelling = true;
    parts.push('echo cancellation on (playback through WebRTC)');
    if (!wanted) parts.push('echo cancellation off from the next connection');
  } else if (route === null || route === 'connecting') {
    cancelling = wanted;
    if (wanted) parts.push(route === null ? 'echo cancellation once connected' : 'echo cancellation starting…');
  } else if (state.speakerRouteProblem) {
    parts.push(`echo cancellation unavailable (${state.speakerRouteProblem})`);
  } else if (wanted) {
    parts.push('echo cancellation from the next connection');
  }
  if (state.halfDuplex) parts.push('half duplex (microphone off while the model speaks)');
  const unprotected = !cancelling && !state.halfDuplex;
  if (unprotected) parts.unshift('no echo protection');
  const text = `Echo: ${parts.join('; ')}`;
  const cancelled = route === 'media' ? 'cancelled (WebRTC call)' : route === 'loopback' ? 'cancelled (WebRTC playback)' : cancelling ? 'cancellation starting' : null;
  const short = `Echo: ${[cancelled, state.halfDuplex ? 'half duplex' : null].filter(Boolean).join(' + ') || 'no protection'}`;
  // Push-to-talk records only while held: the model is interrupted by then anyway.
  return unprotected && vad
    ? { short, text: `${text}. On speakers the model may hear itself: use headphones or half duplex.`, unprotected }
    : { short, text, unprotected: false };
}
