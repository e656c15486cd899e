// Moved to src/lib/audio-codec/resampler.ts (issue 14, item 9). This path stays only until
// bench/audio-latency.ts imports the new one; nothing else should.
export * from '../audio-codec/resampler';
