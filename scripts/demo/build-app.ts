// Runs the console's production build (what `npm run build` does) as a child process group of
// the demo, so stopping the demo mid-build also stops webpack and its workers.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DemoError } from './options';

export interface BuildRun {
  /** Resolves when the build succeeded; rejects with a DemoError carrying the build's output. */
  done: Promise<void>;
  /** Stops the build and every process it started. */
  stop(): Promise<void>;
}

/** How much of a failed build's output is shown (its end holds the error). */
export const BUILD_OUTPUT_TAIL_CHARS = 4000;
/** After SIGTERM, how long the build gets before SIGKILL. */
export const BUILD_STOP_GRACE_MS = 3000;

/** Entries a console build holds besides what it copies from public/. */
const BUILD_ENTRIES = ['index.html', 'asset-manifest.json', 'static'];

/**
 * CRA empties its output folder first: never let it empty a folder that is not a build. A
 * build, even one stopped half-way, holds only public/'s files and what CRA itself writes.
 */
export function assertBuildDirReplaceable(buildDir: string, publicDir: string): void {
  if (!existsSync(buildDir)) return;
  const known = new Set([...BUILD_ENTRIES, ...(existsSync(publicDir) ? readdirSync(publicDir) : [])]);
  const strangers = readdirSync(buildDir).filter((name) => !known.has(name));
  if (strangers.length === 0) return;
  throw new DemoError(
    `${buildDir} holds files a console build does not (${strangers.slice(0, 3).join(', ')}): refusing to build there, as the build empties it first.`,
  );
}

/** Builds the console into `buildDir` (CRA's BUILD_PATH). */
export function startBuild(root: string, buildDir: string, env: NodeJS.ProcessEnv = process.env): BuildRun {
  assertBuildDirReplaceable(buildDir, join(root, 'public'));
  const script = require.resolve('react-scripts/scripts/build', { paths: [root] });
  // Own process group: its workers can be stopped together by signalling the group.
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...env, BUILD_PATH: buildDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-BUILD_OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new DemoError(`could not start the build: ${error.message}`)));
    void exited.then(({ code, signal }) => {
      if (code === 0) resolve();
      else reject(new DemoError(`the console build failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
  done.catch(() => undefined); // the caller may stop before awaiting it
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // However the demo exits (even process.exit mid-build), the build's group goes with it.
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  return {
    done,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        signalGroup('SIGKILL'); // leftover workers, if any
        return;
      }
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), BUILD_STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
    },
  };
}
