// `npm run bench:bundle`: what each feature adds to the built console, from the source maps of
// build/static/js (run `npx tsx scripts/ensure-build.ts` first). For each feature: the minified
// bytes its sources take in the main bundle (and those bytes gzipped on their own, an upper bound
// of what they add to the transfer), and the lazy chunks made only of its sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

const BUILD_JS = join(process.argv[2] ?? 'build', 'static', 'js');

const FEATURES: Record<string, RegExp> = {
  'GPT-Live': /(components\/live\/|lib\/live\/|lib\/protocol\/live-|tools\/live-)/,
  WebRTC: /lib\/realtime\/webrtc\//,
  Inspector: /(components\/inspector\/|lib\/inspector\/|components\/latency\/|components\/usage\/)/,
  'Tool editor': /components\/tool-editor\//,
  Phone: /components\/phone\//,
};

/** Generated text of a bundle attributed to each source file. */
function piecesBySource(code: string, map: RawSourceMap): Map<string, string[]> {
  const lines = code.split('\n');
  const pieces = new Map<string, string[]>();
  let previous: { source: string; line: number; column: number } | null = null;
  const close = (endColumn: number | null): void => {
    if (!previous) return;
    const line = lines[previous.line - 1] ?? '';
    const text = line.slice(previous.column, endColumn ?? line.length);
    const list = pieces.get(previous.source) ?? [];
    list.push(text);
    pieces.set(previous.source, list);
  };
  new SourceMapConsumer(map).eachMapping((m) => {
    close(previous && previous.line === m.generatedLine ? m.generatedColumn : null);
    previous = m.source ? { source: m.source, line: m.generatedLine, column: m.generatedColumn } : null;
  });
  close(null);
  return pieces;
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

const bundles = readdirSync(BUILD_JS).filter((name) => name.endsWith('.js'));
const main = bundles.find((name) => name.startsWith('main.'));
if (!main) throw new Error(`no main bundle in ${BUILD_JS}: build the console first (npx tsx scripts/ensure-build.ts)`);

const mainCode = readFileSync(join(BUILD_JS, main), 'utf8');
const mainPieces = piecesBySource(mainCode, JSON.parse(readFileSync(join(BUILD_JS, `${main}.map`), 'utf8')) as RawSourceMap);
console.log(`main bundle: ${kb(mainCode.length)} minified, ${kb(gzipSync(mainCode, { level: 9 }).length)} gzipped`);

const lazy = bundles
  .filter((name) => name !== main)
  .map((name) => {
    const code = readFileSync(join(BUILD_JS, name), 'utf8');
    const map = JSON.parse(readFileSync(join(BUILD_JS, `${name}.map`), 'utf8')) as RawSourceMap;
    return { name, code, sources: map.sources };
  });

console.log('\n| feature | in main, minified | in main, gzipped alone | lazy chunks of its own (minified / gzipped) |');
console.log('| --- | --- | --- | --- |');
for (const [feature, pattern] of Object.entries(FEATURES)) {
  const text = [...mainPieces].filter(([source]) => pattern.test(source)).flatMap(([, list]) => list).join('');
  // A lazy chunk counts for a feature when its own sources (not shared helpers) are the feature's.
  const own = lazy.filter(({ sources }) => sources.some((s) => pattern.test(s)) && sources.every((s) => pattern.test(s) || /protocol\/(discriminators|schema-validator)/.test(s)));
  const ownText = own.map(({ code }) => code).join('');
  const chunks = own.length ? `${own.map(({ name }) => name).join(', ')}: ${kb(ownText.length)} / ${kb(gzipSync(ownText, { level: 9 }).length)}` : 'none';
  console.log(`| ${feature} | ${kb(text.length)} | ${kb(gzipSync(text, { level: 9 }).length)} | ${chunks} |`);
}
