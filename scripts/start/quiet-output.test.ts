import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuietOutput, quietNodeOptions } from './quiet-output';

// What `react-scripts start` printed after its URL, once per stylesheet (Node 20, sass 1.108).
const SASS_BLOCK = [
  'LOG from ./node_modules/sass-loader/dist/cjs.js sass-loader ./node_modules/css-loader/dist/cjs.js??ruleSet[1].rules[1].oneOf[7].use[1]!./src/index.scss',
  '<w> Deprecation The legacy JS API is deprecated and will be removed in Dart Sass 2.0.0.',
  '<w> ',
  '<w> More info: https://sass-lang.com/d/legacy-js-api',
  '<w> ',
  '<w> null',
  '',
];

function run(lines: string[]): string[] {
  const quiet = new QuietOutput();
  return [...lines.flatMap((line) => quiet.push(line)), ...quiet.end()];
}

test("npm start: sass-loader's legacy-API deprecation blocks are dropped, the URL and everything else kept (issue 13, item 10)", () => {
  const output = run(['Compiled successfully!', '', '  http://localhost:3000', '', ...SASS_BLOCK, ...SASS_BLOCK, 'webpack compiled successfully']);
  assert.deepEqual(output, ['Compiled successfully!', '', '  http://localhost:3000', '', 'webpack compiled successfully']);
  // Another warning from sass-loader (a real problem in a stylesheet) is kept whole.
  const other = ['LOG from ./node_modules/sass-loader/dist/cjs.js sass-loader x', '<w> Deprecation Using / for division is deprecated', ''];
  assert.deepEqual(run(other), other);
  assert.deepEqual(run(SASS_BLOCK.slice(0, 3)), [], 'a block cut off by the end of the stream');
  // On a terminal webpack colours the block.
  const coloured = SASS_BLOCK.map((line, i) => (i === 0 ? `\x1b[1m${line}\x1b[39m\x1b[22m` : line ? `${line.replace('<w> ', '<w> \x1b[1m\x1b[33m')}\x1b[39m\x1b[22m` : line));
  assert.deepEqual(run(['ready', ...coloured, 'done']), ['ready', 'done']);
});

test("npm start: Node's deprecation warnings (webpack-dev-server's setup middleware options) are off", () => {
  assert.equal(quietNodeOptions(undefined), '--no-deprecation');
  assert.equal(quietNodeOptions('--max-old-space-size=4096'), '--max-old-space-size=4096 --no-deprecation');
  assert.equal(quietNodeOptions('--no-deprecation'), '--no-deprecation');
});
