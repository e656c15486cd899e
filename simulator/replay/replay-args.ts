// The simulator's replay options on the command line: `--replay FILE`, `--replay-dir DIR`,
// `--replay-speed N`, `--replay-mode stop|continue`, `--replay-report FILE`, `--replay-audio-timeout MS`.
import { parseArgs } from 'node:util';
import type { ReplaySettings } from './replay-source';

export class ReplayArgsError extends Error {}

/** Longest `--replay-audio-timeout` (an hour: a session's own limit). */
const MAX_AUDIO_TIMEOUT_MS = 3_600_000;

export function parseReplayArgs(argv: readonly string[]): ReplaySettings {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        replay: { type: 'string' },
        'replay-dir': { type: 'string' },
        'replay-speed': { type: 'string' },
        'replay-mode': { type: 'string' },
        'replay-report': { type: 'string' },
        'replay-audio-timeout': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new ReplayArgsError((error as Error).message);
  }
  const speedText = values['replay-speed'];
  const speed = speedText === undefined ? undefined : Number(speedText);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) throw new ReplayArgsError(`--replay-speed must be a number above 0, not ${speedText}`);
  const mode = values['replay-mode'];
  if (mode !== undefined && mode !== 'stop' && mode !== 'continue') throw new ReplayArgsError(`--replay-mode must be stop or continue, not ${mode}`);
  const timeoutText = values['replay-audio-timeout'];
  const audioTimeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (audioTimeoutMs !== undefined && !(Number.isInteger(audioTimeoutMs) && audioTimeoutMs > 0 && audioTimeoutMs <= MAX_AUDIO_TIMEOUT_MS)) {
    throw new ReplayArgsError(`--replay-audio-timeout must be a whole number of ms from 1 to ${MAX_AUDIO_TIMEOUT_MS}, not ${timeoutText}`);
  }
  return { file: values.replay, dir: values['replay-dir'], speed, mode, reportPath: values['replay-report'], audioTimeoutMs };
}
