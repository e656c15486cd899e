// Whether build/ can be served as it is: it must exist and be newer than every file it is
// made from (src/ and public/), so a newcomer never sees yesterday's console.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildFreshness {
  fresh: boolean;
  /** No build at all. */
  missing: boolean;
  /** Why a build is needed, for the log line; empty when fresh. */
  reason: string;
}

/** Folders whose files end up in the build. */
export const BUILD_INPUTS = ['src', 'public'];
/** The file whose age stands for the build's (CRA writes it last). */
export const BUILD_MARKER = 'index.html';
/** Files under the inputs that never reach the build: tests and their setup. */
export const NOT_BUILT = /(\.test\.[jt]sx?|\.e2e\.ts|^setupTests\.[jt]s)$/;

/** The newest modification time of any file under `dir` (0 when absent). */
export function newestMtimeMs(dir: string): { mtimeMs: number; file: string | null } {
  let newest = { mtimeMs: 0, file: null as string | null };
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '__tests__' || (!entry.isDirectory() && NOT_BUILT.test(entry.name))) continue;
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestMtimeMs(path) : { mtimeMs: statSync(path).mtimeMs, file: path };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

export function checkBuildFreshness(root: string, buildDir = join(root, 'build')): BuildFreshness {
  const marker = join(buildDir, BUILD_MARKER);
  if (!existsSync(marker)) return { fresh: false, missing: true, reason: `${buildDir} has no ${BUILD_MARKER}` };
  const builtAt = statSync(marker).mtimeMs;
  for (const input of BUILD_INPUTS) {
    const newest = newestMtimeMs(join(root, input));
    if (newest.mtimeMs > builtAt) return { fresh: false, missing: false, reason: `${newest.file} changed after the last build` };
  }
  return { fresh: true, missing: false, reason: '' };
}
