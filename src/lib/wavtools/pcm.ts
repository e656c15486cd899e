// Moved to src/lib/audio-codec/pcm.ts (issue 14, item 9). This path stays only until bench/
// imports the new one; nothing else should.
export * from '../audio-codec/pcm';
