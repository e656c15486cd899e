// `npm start`: react-scripts' dev server with its deprecation noise filtered out (see
// scripts/start/quiet-output.ts), so the URL it prints is the first thing you read.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { QuietOutput, quietNodeOptions } from './start/quiet-output';

const ROOT = resolve(__dirname, '..');
const reactScripts = require.resolve('react-scripts/bin/react-scripts.js', { paths: [ROOT] });
const child = spawn(process.execPath, [reactScripts, 'start', ...process.argv.slice(2)], {
  cwd: ROOT,
  // Output is piped (to be filtered): keep its colours.
  env: { ...process.env, NODE_OPTIONS: quietNodeOptions(process.env.NODE_OPTIONS), ...(process.stdout.isTTY && !process.env.FORCE_COLOR ? { FORCE_COLOR: '1' } : {}) },
  stdio: ['inherit', 'pipe', 'pipe'],
});

for (const [from, to] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
  const quiet = new QuietOutput();
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => quiet.push(line).forEach((kept) => to.write(`${kept}\n`)));
  lines.on('close', () => quiet.end().forEach((kept) => to.write(`${kept}\n`)));
}

// Ctrl-C reaches the dev server through the terminal's process group; SIGTERM to this process is passed on.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
