#!/usr/bin/env node
// Runs node's test runner (with tsx) over the given folders. Node 20's `--test` takes no
// globs, so the files are found here. The counts go to .test-results/NAME.tap for the
// summary line. Usage: run-node-tests.mjs [--suffix .e2e.ts] [--name e2e] DIR...
import { readdirSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
let suffixes = ['.test.ts'];
let name = 'node';
const roots = [];
const passThrough = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--suffix') suffixes = args[++i].split(',');
  else if (args[i] === '--name') name = args[++i];
  else if (args[i].startsWith('--')) passThrough.push(args[i]);
  else roots.push(args[i]);
}

// Under src/, jest runs *.test.ts(x); node's runner takes only *.node.test.ts there.
const ownedByJest = (path) => relative(process.cwd(), path).startsWith(`src/`) && !path.endsWith('.node.test.ts') && !path.endsWith('.e2e.ts');

function findTests(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (suffixes.some((s) => name.endsWith(s)) && !ownedByJest(path)) out.push(relative(process.cwd(), path));
  }
  return out;
}

const files = roots.flatMap((root) => findTests(root, [])).sort();
if (files.length === 0) {
  console.error(`no test files (${suffixes.join(', ')}) under ${roots.join(', ')}`);
  process.exit(1);
}
mkdirSync('.test-results', { recursive: true });
const reporters = [
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=.test-results/${name}.tap`,
];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
