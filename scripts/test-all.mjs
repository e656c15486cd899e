#!/usr/bin/env node
// `npm test`: every test that needs no system browser. jest for src/ (components, browser
// code), node's test runner for the relay, the simulator and Node-side library tests.
import { spawnSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import { add, jestCounts, line, tapCounts } from './test-summary.mjs';

rmSync('.test-results/jest.json', { force: true });
rmSync('.test-results/node.tap', { force: true });
mkdirSync('.test-results', { recursive: true });

const run = (command, args, env = {}) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const jestStatus = run(process.execPath, [
  'node_modules/react-scripts/bin/react-scripts.js', 'test', '--watchAll=false',
  '--json', '--outputFile=.test-results/jest.json',
], { CI: 'true' });
const nodeStatus = run(process.execPath, ['scripts/run-node-tests.mjs', '--name', 'node', 'relay-server', 'simulator', 'scripts', 'testing', 'deploy', 'src']);

const jest = jestCounts() ?? { passed: 0, failed: 1 };
const node = tapCounts('.test-results/node.tap') ?? { passed: 0, failed: 1 };
console.log(`\njest ${jest.passed} passed, ${jest.failed} failed; node ${node.passed} passed, ${node.failed} failed`);
console.log(line('unit', add(jest, node)));
process.exit(jestStatus || nodeStatus ? 1 : 0);
