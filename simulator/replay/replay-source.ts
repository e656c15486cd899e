// Which recording a connection replays, and at what speed: the file given to the simulator
// (`--replay FILE`), or `?replay=<name>` naming a file inside `--replay-dir`. A name is a plain
// file name listed in that folder, never a path: anything else (`..`, `/`, `%2e`, NUL, a link
// leading out of the folder) is refused before the file system is asked about it.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { planFromBytes, RecordingError, type ReplayPlan } from './replay-plan';
import type { ReplayMode } from './replay-report';

/** Largest recording read (the 100,000-event bench recording is ~123 MB). */
export const MAX_RECORDING_BYTES = 512 * 1024 * 1024;
/** Fastest replay asked for by a query; `--replay-speed` may go further. */
export const MAX_QUERY_SPEED = 1000;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const EXTENSIONS = ['.zip', '.jsonl'];

export interface ReplaySettings {
  /** Replayed on every connection without `?replay=` (`--replay FILE`). */
  file?: string;
  /** Where `?replay=<name>` looks (`--replay-dir DIR`); without it the query is refused. */
  dir?: string;
  /** Recorded delays are divided by this (`--replay-speed`, default 1). */
  speed?: number;
  mode?: ReplayMode;
  /** The JSON report (`--replay-report FILE`). */
  reportPath?: string;
  /** How long a client's input audio may stall short of a recorded VAD event (`--replay-audio-timeout MS`; replay-connection.ts). */
  audioTimeoutMs?: number;
}

export type ReplayChoice =
  | { kind: 'none' }
  | { kind: 'replay'; plan: ReplayPlan; speed: number; mode: ReplayMode }
  | { kind: 'refused'; code: string; message: string };

const refused = (code: string, message: string): ReplayChoice => ({ kind: 'refused', code, message });

/** Reads and plans a recording; throws RecordingError with a reason a person can act on. */
export function loadRecording(path: string, name = path): ReplayPlan {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new RecordingError(`${name} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof RecordingError) throw error;
    throw new RecordingError(`${name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > MAX_RECORDING_BYTES) throw new RecordingError(`${name} is larger than ${MAX_RECORDING_BYTES} bytes`);
  const bytes = readFileSync(path);
  checkZipSizes(bytes, name);
  return planFromBytes(name, bytes);
}

/** A zip that says it would inflate past the limit is refused before anything is inflated. */
function checkZipSizes(bytes: Uint8Array, name: string): void {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return;
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        return false;
      },
    });
  } catch {
    return; // the reader reports an unreadable zip itself
  }
  if (total > MAX_RECORDING_BYTES) throw new RecordingError(`${name} would inflate to more than ${MAX_RECORDING_BYTES} bytes`);
}

/** The recording's path for a `?replay=` name, or null when the name is not a recording in `dir`. */
export function resolveReplayName(dir: string, name: string): string | null {
  if (!NAME.test(name) || name.includes('..') || !EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) return null;
  try {
    if (!readdirSync(dir).includes(name)) return null;
    const root = realpathSync(dir);
    const real = realpathSync(join(root, name));
    return real.startsWith(root + sep) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function parseSpeedValue(text: string | null, fallback: number, max: number): number | null {
  if (text === null) return fallback;
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value > 0 && value <= max ? value : null;
}

/** Decides a connection's replay from its query and the simulator's settings. */
export class ReplaySource {
  private readonly cache = new Map<string, { stamp: string; plan: ReplayPlan }>();

  constructor(private readonly settings: ReplaySettings, private readonly defaultPlan: ReplayPlan | null) {}

  /** Loads `--replay FILE` once at start-up, so a bad file stops the simulator there. */
  static create(settings: ReplaySettings): ReplaySource {
    return new ReplaySource(settings, settings.file ? loadRecording(settings.file) : null);
  }

  choose(query: URLSearchParams): ReplayChoice {
    const name = query.get('replay');
    const speed = parseSpeedValue(query.get('replay_speed'), this.settings.speed ?? 1, MAX_QUERY_SPEED);
    if (speed === null) return refused('invalid_replay_speed', `replay_speed must be a number above 0 and at most ${MAX_QUERY_SPEED}.`);
    const modeText = query.get('replay_mode');
    if (modeText !== null && modeText !== 'stop' && modeText !== 'continue') return refused('invalid_replay_mode', "replay_mode must be 'stop' or 'continue'.");
    const mode: ReplayMode = (modeText as ReplayMode | null) ?? this.settings.mode ?? 'stop';
    if (name === null) return this.defaultPlan ? { kind: 'replay', plan: this.defaultPlan, speed, mode } : { kind: 'none' };
    if (!this.settings.dir) return refused('replay_not_enabled', 'This simulator has no replay folder (start it with --replay-dir DIR).');
    const path = resolveReplayName(this.settings.dir, name);
    if (!path) return refused('replay_not_found', 'No recording by that name in the replay folder (a .zip or .jsonl file name, no path).');
    try {
      return { kind: 'replay', plan: this.cached(path, name), speed, mode };
    } catch (error) {
      // Also a file removed or changed between the listing and the read.
      return refused('replay_unreadable', error instanceof RecordingError ? error.message : `${name} cannot be read.`);
    }
  }

  private cached(path: string, name: string): ReplayPlan {
    const stat = statSync(path);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const hit = this.cache.get(path);
    if (hit?.stamp === stamp) return hit.plan;
    const plan = loadRecording(path, name);
    this.cache.set(path, { stamp, plan });
    return plan;
  }
}
