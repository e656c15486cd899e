// Browser audio for the console: microphone capture, streaming playback with exact interrupt
// offsets, WAV files, spectrum analysis; and, re-exported from src/lib/audio-codec (no browser
// audio there), the PCM16/base64 conversions, the resampler and the codec the client shares.
export { WavRecorder, DEFAULT_CHUNK_MS, DEFAULT_CHUNK_SAMPLES, DEFAULT_RECORDER_SAMPLE_RATE, DEFAULT_AUDIO_CONSTRAINTS } from './wav-recorder';
export type { RecorderChunk, RecorderStatus, WavRecorderOptions } from './wav-recorder';
export { WavStreamPlayer, DEFAULT_JITTER_MS, DEFAULT_PLAYER_SAMPLE_RATE, DEFAULT_TRACK_ID } from './wav-stream-player';
export type { AudibleNotice, InterruptResult, PlaybackNotice, WavStreamPlayerOptions } from './wav-stream-player';
export { loopbackOutput, directOutput, LOOPBACK_CONNECT_TIMEOUT_MS } from './loopback-output';
export type { OutputRoute } from './loopback-output';
export { WavPacker, encodeWav, parseWav, interleave } from './wav-packer';
export type { ParsedWav, WavFormat } from './wav-packer';
export { AudioAnalysis, silentBins } from './analysis';
export type { AnalyserLike, BufferAnalysisOptions } from './analysis';
export { binSpectrum, decibelSpectrum, noteTable, notesFor, VOICE_RANGE_HZ, MUSIC_OCTAVES } from './spectrum';
export type { FrequencyBins, FrequencyKind, DecibelRange } from './spectrum';
export { StreamingResampler, resample, designKernel } from '../audio-codec/resampler';
export type { KernelOptions, ResamplerKernel } from '../audio-codec/resampler';
export { CapturePipeline, PcmChunker } from './capture-pipeline';
export * from '../audio-codec/pcm';
export * from '../audio-codec/g711';
export * from '../audio-codec/audio-format';
export { AudioDecoder, AudioEncoder, decodeAudio, encodeAudio, bytesToSamples, samplesToBytes, DEFAULT_PCM_RATE } from '../audio-codec/audio-codec';
