// GPT-Live's voice price: per second of session at the active rate. Backend (Responses) tokens
// are billed apart, at the backend model's rates (the inspector's prices.json covers those).
/** USD per active minute, gpt-live-1 and gpt-live-1.1 (developers.openai.com guides/voice-latency-cost, models/gpt-live-1; read 2026-11). */
export const LIVE_USD_PER_ACTIVE_MINUTE = 0.05;

/** The voice cost of `seconds` of session (billed per second, not rounded to minutes). */
export function liveVoiceCostUsd(seconds: number): number {
  return (seconds / 60) * LIVE_USD_PER_ACTIVE_MINUTE;
}

/** Where the timeline shows `ms`: a window of the last `windowMs` ending at `nowMs`, as a percentage. */
export function timelinePercent(ms: number, nowMs: number, windowMs: number): number {
  const start = Math.max(0, nowMs - windowMs);
  return Math.max(0, Math.min(100, ((ms - start) / Math.max(1, nowMs - start)) * 100));
}
