// How many GA server event types the console renders: a visible change outside the event log
// (conversation, notices, settings ✓/⚠, tool panels, status) or in what is played. The
// measurement is a jest test (src/pages/rendered-events/renderedServerEvents.test.tsx: the real
// page and client in jsdom, fed recorded server events frame by frame); this runs it and prints
// the figure and the types not rendered.
//
//   npx tsx scripts/rendered-server-events.ts             # this checkout
//   npx tsx scripts/rendered-server-events.ts --root DIR  # another checkout (e.g. a git worktree
//                                                         # of an older commit, node_modules linked):
//                                                         # the test and its scenes are copied in, run, removed
//   npx tsx scripts/rendered-server-events.ts --record    # re-record the scenes from the simulator
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkScenes, recordScenes, SCENES_FILE, type SceneFile } from './server-event-scenes';

const ROOT = resolve(__dirname, '..');
const TEST_DIR = 'src/pages/rendered-events';
const TEST_FILE = `${TEST_DIR}/renderedServerEvents.test.tsx`;

interface Report {
  total: number;
  rendered: Array<{ type: string; where: string[] }>;
  notRendered: string[];
  /** Not rendered, but their content shows when the scenes' deltas are left out (they repeat what the deltas showed). */
  renderedOnlyWithoutDeltas: string[];
  notInScenes: string[];
}

/** One event per line: reviewable diffs, a file that is still JSON. */
function sceneFileText(file: SceneFile): string {
  const scenes = file.scenes.map(
    (scene) => `    {\n      "name": ${JSON.stringify(scene.name)},\n      "events": [\n${scene.events.map((e) => `        ${JSON.stringify(e)}`).join(',\n')}\n      ]\n    }`,
  );
  return `{\n  "about": ${JSON.stringify(file.about)},\n  "types": ${JSON.stringify(file.types)},\n  "scenes": [\n${scenes.join(',\n')}\n  ]\n}\n`;
}

async function recordCommand(): Promise<void> {
  const file = await recordScenes();
  const problems = checkScenes(file);
  if (problems.length) {
    console.error(`the recorded scenes have problems:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  writeFileSync(join(ROOT, SCENES_FILE), sceneFileText(file));
  const count = file.scenes.reduce((sum, s) => sum + s.events.length, 0);
  const built = file.scenes.reduce((sum, s) => sum + s.events.filter((e) => e.built).length, 0);
  console.log(`${SCENES_FILE}: ${file.scenes.length} scenes, ${count} server events (${built} built), ${file.types.length} types`);
}

export function measure(root: string): Report {
  const foreign = resolve(root) !== ROOT;
  const copied: string[] = [];
  if (foreign) {
    mkdirSync(join(root, TEST_DIR), { recursive: true });
    for (const path of [TEST_FILE, SCENES_FILE]) {
      if (existsSync(join(root, path))) throw new Error(`${join(root, path)} exists: not overwriting it`);
      copyFileSync(join(ROOT, path), join(root, path));
      copied.push(join(root, path));
    }
  }
  const out = join(mkdtempSync(join(tmpdir(), 'rendered-events-')), 'report.json');
  try {
    const run = spawnSync('npx', ['react-scripts', 'test', '--watchAll=false', TEST_DIR], {
      cwd: root,
      env: { ...process.env, CI: 'true', RENDERED_EVENTS_REPORT: out },
      encoding: 'utf8',
    });
    if (!existsSync(out)) {
      console.error(run.stdout, run.stderr);
      throw new Error(`the measurement did not run in ${root} (exit ${run.status})`);
    }
    return JSON.parse(readFileSync(out, 'utf8')) as Report;
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
    for (const path of copied) rmSync(path, { force: true });
    if (foreign) rmSync(join(root, TEST_DIR), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--record')) return recordCommand();
  const at = args.indexOf('--root');
  const root = at >= 0 ? resolve(args[at + 1] ?? '') : ROOT;
  const report = measure(root);
  console.log(`console renders ${report.rendered.length} of ${report.total} server event types${root === ROOT ? '' : ` (at ${root})`}`);
  for (const { type, where } of report.rendered) console.log(`  ✓ ${type}  (${where.join(', ')})`);
  const repeats = new Set(report.renderedOnlyWithoutDeltas ?? []);
  for (const type of report.notRendered) console.log(`  ✗ ${type}${repeats.has(type) ? '  (repeats what its deltas showed; shown when no delta came first)' : ''}`);
  if (report.notInScenes.length) console.log(`  (not in the scenes: ${report.notInScenes.join(', ')})`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
